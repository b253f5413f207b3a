namespace SmeMonitor.Core;

/// <summary>Marker for the core's localizer: keys are the zh-CN texts; Resources/Strings.en.resx translates them.</summary>
public sealed class Strings;

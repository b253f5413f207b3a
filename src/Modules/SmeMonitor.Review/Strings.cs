namespace SmeMonitor.Review;

/// <summary>Marker for this module's localizer: keys are the zh-CN texts; Resources/Strings.en.resx translates them.</summary>
public sealed class Strings;

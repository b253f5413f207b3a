using SmeMonitor.Core.Modules;

namespace SmeMonitor.Themes.Admin;

/// <summary>Layouts only: Views/Shared/_AdminLayout.cshtml and its stylesheet.</summary>
public sealed class Startup : ModuleStartup;

using SmeMonitor.Core.Modules;

namespace SmeMonitor.Themes.Portal;

/// <summary>Layouts only: Views/Shared/_PortalLayout.cshtml and its stylesheet.</summary>
public sealed class Startup : ModuleStartup;

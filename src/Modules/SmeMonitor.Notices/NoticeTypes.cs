namespace SmeMonitor.Notices;

/// <summary>The two content types the national recipe defines, and where the portal shows items.</summary>
public static class NoticeTypes
{
    /// <summary>通知公告.</summary>
    public const string Notice = "Notice";
    /// <summary>平台公告.</summary>
    public const string Announcement = "Announcement";

    /// <summary>The portal list of a type: /notices, /announcements, else the generic /content/{type}.</summary>
    public static string ListUrl(string type) => type switch
    {
        Notice => "/notices",
        Announcement => "/announcements",
        _ => $"/content/{type}",
    };

    public static string ItemUrl(string type, string contentItemId) => $"{ListUrl(type)}/{contentItemId}";

    public static string FileUrl(string type, string contentItemId, string fileId) => $"/content/{type}/{contentItemId}/files/{fileId}";
}

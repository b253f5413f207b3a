using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace SmeMonitor.Core.Content;

/// <summary>appsettings "Storage": where uploaded files go and what is accepted.</summary>
public sealed class StorageOptions
{
    /// <summary>Folder for files, absolute or relative to the app's content root. A shared volume when several web nodes run.</summary>
    public string Root { get; set; } = "App_Data/files";
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;
    /// <summary>Extensions accepted (with the dot); empty = <see cref="DefaultExtensions"/>.</summary>
    public string[] AllowedExtensions { get; set; } = [];

    public static readonly string[] DefaultExtensions =
    [
        ".pdf", ".ofd", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".ppt", ".pptx", ".txt", ".csv",
        ".zip", ".rar", ".7z", ".jpg", ".jpeg", ".png", ".gif",
    ];
}

/// <summary>An uploaded file as an item's attachments field keeps it: id (the stored name), the original name, size and type.</summary>
public sealed record StoredFile(string Id, string Name, long Size, string ContentType)
{
    public JsonObject ToJson() => new() { ["id"] = Id, ["name"] = Name, ["size"] = Size, ["contentType"] = ContentType };
}

/// <summary>
/// Attachment files under the storage root. The stored name is generated (random id + allowed extension),
/// never taken from the upload, so nothing a user sends can point outside the root; the original name is
/// kept only for display and download.
/// </summary>
public sealed partial class ContentFileStore
{
    private readonly StorageOptions _options;
    private readonly IStringLocalizer<ContentStrings> S;
    private readonly HashSet<string> _extensions;
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public ContentFileStore(IOptions<StorageOptions> options, IHostEnvironment env, IStringLocalizer<ContentStrings> localizer)
    {
        _options = options.Value;
        S = localizer;
        Root = Path.GetFullPath(Path.Combine(env.ContentRootPath, _options.Root, "content"));
        _extensions = (_options.AllowedExtensions.Length > 0 ? _options.AllowedExtensions : StorageOptions.DefaultExtensions)
            .Select(e => e.ToLowerInvariant()).ToHashSet();
    }

    /// <summary>The folder this store writes to.</summary>
    public string Root { get; }

    public long MaxUploadBytes => _options.MaxUploadBytes;

    public IReadOnlyCollection<string> AllowedExtensions => _extensions;

    [GeneratedRegex("^[0-9a-z]{24}\\.[0-9a-z]{1,8}$")]
    private static partial Regex IdPattern();

    /// <summary>Stores an upload. Throws <see cref="ContentValidationException"/> (path "file") for an empty, too large or refused file.</summary>
    public async Task<StoredFile> SaveAsync(string? fileName, Stream content, CancellationToken ct = default)
    {
        var name = CleanName(fileName);
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (extension.Length == 0 || !_extensions.Contains(extension))
            throw Refused(S["不允许上传“{0}”类型的文件；允许：{1}", extension.Length == 0 ? name : extension, string.Join(" ", _extensions.Order())]);

        var id = ContentItem.NewId() + extension;
        var path = PathOf(id)!;
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".part";
        long size = 0;
        try
        {
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    // Counted while copying: a declared length can lie.
                    if (size > _options.MaxUploadBytes)
                        throw Refused(S["文件“{0}”超过大小限制 {1} MB", name, (_options.MaxUploadBytes / 1024d / 1024d).ToString("0.#", CultureInfo.InvariantCulture)]);
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            if (size == 0) throw Refused(S["文件“{0}”是空的", name]);
            File.Move(temp, path);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return new StoredFile(id, name, size, ContentTypeOf(id));
    }

    /// <summary>The stored file an attachments value describes, checked against the disk; null when the id is malformed or the file is missing.</summary>
    public StoredFile? Describe(JsonObject value)
    {
        var id = value["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var path = PathOf(id);
        if (path is null || !File.Exists(path)) return null;
        var name = value["name"] is JsonValue n && n.TryGetValue<string>(out var nn) ? CleanName(nn) : id!;
        return new StoredFile(id!, name, new FileInfo(path).Length, ContentTypeOf(id!));
    }

    /// <summary>Opens a stored file for reading; null when the id is malformed or the file is missing.</summary>
    public Stream? OpenRead(string? id)
    {
        var path = PathOf(id);
        return path is not null && File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read) : null;
    }

    /// <summary>Where a file id lives, or null for anything that is not an id this store made (so "../x" never resolves).</summary>
    public string? PathOf(string? id)
    {
        if (id is null || !IdPattern().IsMatch(id)) return null;
        var path = Path.GetFullPath(Path.Combine(Root, id[..2], id));
        return path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? path : null;
    }

    private static string ContentTypeOf(string id) =>
        ContentTypes.TryGetContentType(id, out var type) ? type : "application/octet-stream";

    /// <summary>The last segment of a name as browsers and tools send it, without control or path characters.</summary>
    public static string CleanName(string? fileName)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?')).ToArray()).Trim().Trim('.');
        if (name.Length > 120) name = name[..(120 - Path.GetExtension(name).Length)] + Path.GetExtension(name);
        return name.Length == 0 ? "file" : name;
    }

    private static ContentValidationException Refused(string message) => new([new ContentError("file", message)]);
}

namespace SmeMonitor.Core.Content;

/// <summary>
/// Marker for the content core's localizer: keys are zh-CN texts, Resources/Content/ContentStrings.en.resx
/// translates them. Validation messages of definitions, items and files come from here, so dashboards,
/// APIs and recipes show the same text in the user's language.
/// </summary>
public sealed class ContentStrings;

/// <summary>A problem with a definition or an item: where (a path relative to the thing checked, or a field name) and a localized message.</summary>
public sealed record ContentError(string Path, string Message);

/// <summary>Bad input: nothing was changed. <see cref="Errors"/> say what and where.</summary>
public sealed class ContentValidationException(IReadOnlyList<ContentError> errors)
    : Exception(string.Join("; ", errors.Select(e => e.Path.Length > 0 ? $"{e.Path}: {e.Message}" : e.Message)))
{
    public IReadOnlyList<ContentError> Errors { get; } = errors;
}

/// <summary>Someone else changed the thing since it was read; the change was refused.</summary>
public sealed class ContentConcurrencyException(string message) : Exception(message);

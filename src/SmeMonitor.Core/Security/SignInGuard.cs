namespace SmeMonitor.Core.Security;

/// <summary>
/// Lets a module refuse the sign-in of an account that is otherwise right (password and code), e.g. the account of a
/// disabled enterprise (禁用, ENT-7). Asked after the password is checked, so it tells nothing to someone guessing.
/// </summary>
public interface ISignInGuard
{
    /// <summary>Why the account may not sign in, in the user's language; null when it may.</summary>
    Task<string?> RefusalAsync(User user, CancellationToken ct);
}

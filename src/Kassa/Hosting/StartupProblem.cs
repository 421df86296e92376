namespace Kassa.Hosting;

/// <summary>
/// A setting or the database keeps Kassa from starting. The message is the one sentence shown to whoever started it:
/// what is wrong, which setting, and an example of a right value (<see cref="StartupFailure"/>).
/// </summary>
public sealed class StartupProblem(string sentence, Exception? inner = null) : Exception(sentence, inner);

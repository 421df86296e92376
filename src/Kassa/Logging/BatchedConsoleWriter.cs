using System.Collections.Concurrent;
using System.Text;

namespace Kassa.Logging;

/// <summary>
/// Writes queued log lines from one background thread, a batch at a time: every <see cref="DefaultInterval"/>,
/// or as soon as <see cref="BatchSize"/> lines wait, or when a line for standard error is logged. A logging
/// thread never waits for the console and wakes the writer at most once per batch. Lines keep their order
/// across the two streams; after <see cref="Dispose"/>, and when the process exits or crashes, what is
/// queued is written at once, on the caller's thread.
/// </summary>
internal sealed class BatchedConsoleWriter : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);
    public const int BatchSize = 512;
    private const int FlushAt = 64 * 1024;

    private readonly ConcurrentQueue<(string Line, bool ToError)> _queue = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly Func<TextWriter> _out;
    private readonly Func<TextWriter> _error;
    private readonly TimeSpan _interval;
    private readonly Thread _thread;
    private readonly Lock _draining = new();
    private readonly StringBuilder _pending = new();
    private int _queued;
    private int _dropped;
    private int _wakeUps;
    private volatile bool _stopping;

    public BatchedConsoleWriter(Func<TextWriter> output, Func<TextWriter> error, TimeSpan? interval = null)
    {
        _interval = interval ?? DefaultInterval;
        _out = output;
        _error = error;
        _thread = new Thread(Run) { IsBackground = true, Name = "Console logger" };
        _thread.Start();
        AppDomain.CurrentDomain.ProcessExit += DrainOnExit;
        AppDomain.CurrentDomain.UnhandledException += DrainOnCrash;
    }

    /// <summary>
    /// Standard output and error through writers of their own with a 64 KB buffer: Console.Out flushes
    /// every 256 characters, which made a batch of lines hundreds of system calls.
    /// </summary>
    public static BatchedConsoleWriter ToStandardStreams()
    {
        var output = Buffered(Console.OpenStandardOutput());
        var error = Buffered(Console.OpenStandardError());
        return new BatchedConsoleWriter(() => output, () => error);
    }

    private static StreamWriter Buffered(Stream stream) => new(stream, new UTF8Encoding(false), FlushAt) { AutoFlush = false };

    /// <summary>
    /// Queues a line. A full queue (the console not keeping up) drops the line or makes the caller wait,
    /// as <c>Logging:Console:QueueFullMode</c> says; dropped lines are counted on standard error, as the
    /// stock provider does.
    /// </summary>
    public void Enqueue(string line, bool toError, int maxQueueLength, bool dropWhenFull)
    {
        if (_stopping)
        {
            _queue.Enqueue((line, toError));
            Interlocked.Increment(ref _queued);
            Drain();
            return;
        }
        if (Volatile.Read(ref _queued) >= maxQueueLength)
        {
            if (dropWhenFull)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }
            WakeUp();
            while (Volatile.Read(ref _queued) >= maxQueueLength && !_stopping) Thread.Sleep(1);
        }
        _queue.Enqueue((line, toError));
        if (Interlocked.Increment(ref _queued) == BatchSize || toError) WakeUp();
        // Stopped while this line was being queued: the writer's last drain may have missed it.
        if (_stopping) Drain();
    }

    /// <summary>How often a logging thread has woken the writer before its interval: a test reads it rather than wait for a write that must not come.</summary>
    internal int WakeUps => Volatile.Read(ref _wakeUps);

    private void WakeUp()
    {
        Interlocked.Increment(ref _wakeUps);
        _wake.Set();
    }

    private void Run()
    {
        while (!_stopping)
        {
            _wake.WaitOne(_interval);
            Drain();
        }
    }

    /// <summary>Writes everything queued, in order: a run of lines for one stream is written when the next line is for the other.</summary>
    private void Drain()
    {
        lock (_draining)
        {
            var dropped = Interlocked.Exchange(ref _dropped, 0);
            if (dropped > 0)
                Write(_error, writer => writer.Write($"{dropped} message(s) dropped because of queue size limit. Increase the queue size (Logging:Console:MaxQueueLength) or decrease logging verbosity to avoid this. You may set Logging:Console:QueueFullMode to Wait to stop dropping messages.{Environment.NewLine}"));
            var toError = false;
            while (_queue.TryDequeue(out var entry))
            {
                Interlocked.Decrement(ref _queued);
                if (entry.ToError != toError || _pending.Length > FlushAt) Flush(toError);
                toError = entry.ToError;
                _pending.Append(entry.Line);
            }
            Flush(toError);
        }
    }

    private void Flush(bool toError)
    {
        if (_pending.Length == 0) return;
        Write(toError ? _error : _out, writer =>
        {
            foreach (var chunk in _pending.GetChunks()) writer.Write(chunk.Span);
        });
        _pending.Clear();
    }

    private static void Write(Func<TextWriter> target, Action<TextWriter> write)
    {
        try
        {
            var writer = target();
            write(writer);
            writer.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // A closed console (the reader of a pipe went away) must not stop the service.
        }
    }

    private void DrainOnExit(object? sender, EventArgs e) => Drain();

    private void DrainOnCrash(object? sender, UnhandledExceptionEventArgs e) => Drain();

    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        _wake.Set();
        _thread.Join(TimeSpan.FromSeconds(5));
        AppDomain.CurrentDomain.ProcessExit -= DrainOnExit;
        AppDomain.CurrentDomain.UnhandledException -= DrainOnCrash;
        // Whatever was queued while the thread stopped.
        Drain();
    }
}

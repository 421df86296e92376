using System.Collections.Concurrent;
using System.Text;

namespace Kassa.Logging;

/// <summary>
/// Writes queued log lines from one background thread, a batch at a time: every <see cref="DefaultInterval"/>,
/// or as soon as <see cref="BatchSize"/> lines wait, or when an error is logged. A logging thread never
/// waits for the console and wakes the writer at most once per batch.
/// </summary>
internal sealed class BatchedConsoleWriter : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);
    public const int BatchSize = 512;

    private readonly ConcurrentQueue<(string Line, bool ToError)> _queue = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly Func<TextWriter> _out;
    private readonly Func<TextWriter> _error;
    private readonly TimeSpan _interval;
    private readonly Thread _thread;
    private readonly StringBuilder _outBatch = new();
    private readonly StringBuilder _errorBatch = new();
    private int _queued;
    private volatile bool _stopping;

    public BatchedConsoleWriter(Func<TextWriter> output, Func<TextWriter> error, TimeSpan? interval = null)
    {
        _interval = interval ?? DefaultInterval;
        _out = output;
        _error = error;
        _thread = new Thread(Run) { IsBackground = true, Name = "Console logger" };
        _thread.Start();
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

    private static StreamWriter Buffered(Stream stream) => new(stream, new UTF8Encoding(false), 64 * 1024) { AutoFlush = false };

    /// <summary>
    /// Queues a line. A full queue (the console not keeping up) drops the line or makes the caller wait,
    /// as <c>Logging:Console:QueueFullMode</c> says, like the stock provider.
    /// </summary>
    public void Enqueue(string line, bool toError, int maxQueueLength, bool dropWhenFull)
    {
        if (Volatile.Read(ref _queued) >= maxQueueLength)
        {
            if (dropWhenFull) return;
            _wake.Set();
            while (Volatile.Read(ref _queued) >= maxQueueLength && !_stopping) Thread.Sleep(1);
        }
        _queue.Enqueue((line, toError));
        if (Interlocked.Increment(ref _queued) == BatchSize || toError) _wake.Set();
    }

    private void Run()
    {
        while (!_stopping)
        {
            _wake.WaitOne(_interval);
            Drain();
        }
        Drain();
    }

    private void Drain()
    {
        while (_queue.TryDequeue(out var entry))
        {
            Interlocked.Decrement(ref _queued);
            (entry.ToError ? _errorBatch : _outBatch).Append(entry.Line);
            if (_outBatch.Length > 64 * 1024) Write(_outBatch, _out);
        }
        Write(_outBatch, _out);
        Write(_errorBatch, _error);
    }

    private static void Write(StringBuilder batch, Func<TextWriter> target)
    {
        if (batch.Length == 0) return;
        try
        {
            var writer = target();
            foreach (var chunk in batch.GetChunks()) writer.Write(chunk.Span);
            writer.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // A closed console (the reader of a pipe went away) must not stop the service.
        }
        batch.Clear();
    }

    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        _wake.Set();
        _thread.Join(TimeSpan.FromSeconds(5));
        _wake.Dispose();
    }
}

// Copyright (c) StreamingStt contributors. MIT License.
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using StreamingStt.Emulator;
using Xunit;

namespace StreamingStt.Engine.Tests.Emulator;

/// <summary>Injected faults, slow or absent answers, vanishing clients and shutdown.</summary>
public sealed class EmulatorLifecycleTests
{
    [Fact]
    public async Task ACloseFaultAfterAudioSendsTheErrorThenTheCode()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions
        {
            Fault = EmulatorFault.CloseAfterAudio(TimeSpan.FromSeconds(1), 3005, "Session Cancelled: An error occurred", sendErrorMessage: true),
        });
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro"));
        await client.ExpectAsync("Begin");

        await client.SendAudioBurstAsync(TimeSpan.FromSeconds(1.2));
        var messages = await client.ReceiveUntilClosedAsync();

        Assert.Equal((3005, "Session Cancelled: An error occurred"), client.CloseFrame);
        JsonObject error = messages[^1];
        Assert.Equal("Error", (string?)error["type"]);
        Assert.Equal(3005, (int)error["error_code"]!);
        Assert.Equal(10, (await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5))).AudioFramesReceived);
    }

    [Fact]
    public async Task ACloseFaultRightAfterBeginNeedsNoAudio()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions
        {
            Fault = EmulatorFault.CloseAfterBegin(1008, "Unauthorized Connection: Insufficient balance"),
        });
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro"));

        Assert.Equal(new[] { "Begin" }, MessageDigest.Of(await client.ReceiveUntilClosedAsync()));
        Assert.Equal((1008, "Unauthorized Connection: Insufficient balance"), client.CloseFrame);
    }

    [Fact]
    public async Task AnAbortFaultDropsTheConnectionWithoutACloseFrame()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { Fault = EmulatorFault.AbortAfterAudio(TimeSpan.FromSeconds(0.5)) });
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro"));
        await client.ExpectAsync("Begin");

        await client.SendAudioBurstAsync(TimeSpan.FromSeconds(0.5));
        var dropped = await Assert.ThrowsAsync<WebSocketException>(() => client.ReceiveUntilClosedAsync());

        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, dropped.WebSocketErrorCode);
        var record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.True(record.AbortedByEmulator);
        Assert.Null(record.CloseStatus);
    }

    [Fact]
    public async Task TerminationDelayHoldsTheAnswerAndIgnoreTerminateNeverAnswers()
    {
        await using (var slow = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { TerminationDelay = TimeSpan.FromMilliseconds(600) }))
        await using (var client = await RawAssemblyAIClient.ConnectAsync(slow.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro")))
        {
            await client.ExpectAsync("Begin");
            var watch = Stopwatch.StartNew();
            await client.SendTextAsync("{\"type\":\"Terminate\"}");
            Assert.Equal(new[] { "Termination" }, MessageDigest.Of(await client.ReceiveUntilClosedAsync()));
            Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(550), TimeSpan.FromSeconds(3));
        }

        await using var deaf = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { IgnoreTerminate = true });
        await using var ignored = await RawAssemblyAIClient.ConnectAsync(deaf.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro"));
        await ignored.ExpectAsync("Begin");
        await ignored.SendTextAsync("{\"type\":\"Terminate\"}");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ignored.ReceiveAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task AClientThatVanishesDoesNotHurtTheServer()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
        var gone = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("universal-streaming-english"));
        await gone.ExpectAsync("Begin");
        await gone.SendAudioBurstAsync(TimeSpan.FromSeconds(0.3));
        gone.Socket.Abort();
        gone.Socket.Dispose();

        var record = await emulator.WaitForSessionEndAsync(0, TimeSpan.FromSeconds(5));
        Assert.True(record.ConnectionDropped);
        Assert.Null(record.InternalError);

        await using var next = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("universal-streaming-english"));
        await next.ExpectAsync("Begin");
    }

    [Fact]
    public async Task ConcurrentSessionsAreIndependent()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro"))));

        await Task.WhenAll(clients.Select(async (client, i) =>
        {
            await client.ExpectAsync("Begin");
            await client.SendAudioBurstAsync(TimeSpan.FromSeconds(1.5));
            await client.SendTextAsync(i == 0 ? "[]" : "{\"type\":\"Terminate\"}");
            await client.ReceiveUntilClosedAsync();
            Assert.Equal(i == 0 ? 3006 : 1000, client.CloseFrame.Code);
            await client.DisposeAsync();
        }));

        Assert.Equal(4, emulator.Sessions.Count);
        Assert.Equal(4, emulator.Sessions.Select(s => s.SessionId).Distinct().Count());
    }

    [Fact]
    public async Task DisposeClosesLiveSessionsPromptly()
    {
        var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { BeginDelay = TimeSpan.Zero });
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro"));
        await client.ExpectAsync("Begin");

        var watch = Stopwatch.StartNew();
        await emulator.DisposeAsync();

        // Prompt: not the client's close handshake timeout; the slack is for a loaded machine.
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        var record = emulator.Sessions.Single();
        Assert.True(record.IsEnded);
        Assert.Equal(1001, record.CloseStatus);
    }

    [Fact]
    public async Task InactivityTimeoutEndsTheSessionLikeATerminate()
    {
        await using var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions());
        await using var client = await RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro", "inactivity_timeout=5"));
        await client.ExpectAsync("Begin");
        var watch = Stopwatch.StartNew();
        await client.SendAudioAsync(100);
        await Task.Delay(1000);
        await client.SendTextAsync("{\"type\":\"KeepAlive\"}"); // restarts the 5 s

        Assert.Equal(new[] { "Termination" }, MessageDigest.Of(await client.ReceiveUntilClosedAsync(TimeSpan.FromSeconds(8))));
        // 5 s after the KeepAlive at 1 s: never before 6 s; the upper bound leaves room for a loaded machine.
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(5.9), TimeSpan.FromSeconds(8.5));
        Assert.Equal(1000, client.CloseFrame.Code);
    }
}

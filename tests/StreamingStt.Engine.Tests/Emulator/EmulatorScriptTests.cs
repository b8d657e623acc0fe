// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Emulator;
using Xunit;

namespace StreamingStt.Engine.Tests.Emulator;

/// <summary>The script format shared by tests, the console program and the SDK fidelity run.</summary>
public sealed class EmulatorScriptTests
{
    [Fact]
    public void ParsesTheJsonFormatWithOptionalFields()
    {
        var script = EmulatorScript.Parse("""
            {"utterances":[
              {"text":"Hello world.","start":0.5,"wordSeconds":0.25,"speaker":"B"},
              {"text":"Bye now.","start":2,"end":3}
            ]}
            """);

        Assert.Equal(2, script.Utterances.Count);
        Assert.Equal(TimeSpan.FromSeconds(0.25), script.Utterances[0].WordDuration);
        Assert.Equal("B", script.Utterances[0].Speaker);
        Assert.Equal(TimeSpan.FromSeconds(1), script.Utterances[0].EffectiveEnd);
        Assert.Equal("A", script.Utterances[1].Speaker);
        Assert.Equal(TimeSpan.FromSeconds(3), script.Length);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"utterances\":[{\"start\":1}]}")]
    [InlineData("{\"utterances\":[{\"text\":\"hi\"}]}")]
    [InlineData("{\"utterances\":[{\"text\":\"hi\",\"start\":-1}]}")]
    public void RejectsMalformedScripts(string json) =>
        Assert.ThrowsAny<FormatException>(() => EmulatorScript.Parse(json));

    [Fact]
    public void RejectsOverlappingOrEmptyUtterances()
    {
        Assert.Throws<ArgumentException>(() => new EmulatorScript(new[]
        {
            new ScriptedUtterance("one two three", TimeSpan.FromSeconds(1)), // ends 1.9 s
            new ScriptedUtterance("overlap", TimeSpan.FromSeconds(1.5)),
        }));
        Assert.Throws<ArgumentException>(() => new EmulatorScript(new[] { new ScriptedUtterance("  ", TimeSpan.Zero) }));
    }

    [Fact]
    public void TheDefaultScriptIsTheDocumentedOne()
    {
        Assert.Equal(new[] { "Hello world.", "How are you today?" }, EmulatorScript.Default.Utterances.Select(u => u.Text));
        Assert.Equal(new[] { 0.5, 3.0 }, EmulatorScript.Default.Utterances.Select(u => u.Start.TotalSeconds));
    }
}

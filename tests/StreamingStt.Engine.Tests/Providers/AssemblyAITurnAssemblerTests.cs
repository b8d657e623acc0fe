// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Providers.AssemblyAI;
using Xunit;

namespace StreamingStt.Engine.Tests.Providers;

public sealed class AssemblyAITurnAssemblerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 4, 0, 0, TimeSpan.Zero);

    private static Word W(string text, int startMs, bool isFinal, double? confidence = 0.9) =>
        new(text, TimeSpan.FromMilliseconds(startMs), TimeSpan.FromMilliseconds(startMs + 200), confidence, isFinal, speaker: null);

    private static AssemblyAITurnUpdate Update(int turnOrder, bool endOfTurn, bool formatted, string transcript, params Word[] words) =>
        new(turnOrder, endOfTurn, formatted, transcript, words, speaker: null, languageCode: "en", endOfTurnConfidence: endOfTurn ? 0.8 : null);

    private static List<Turn> Feed(AssemblyAITurnAssembler assembler, params AssemblyAITurnUpdate[] updates)
    {
        var output = new List<ProviderMessage>();
        foreach (AssemblyAITurnUpdate update in updates)
        {
            if (assembler.BeginUpdate(update.TurnOrder, output)) assembler.OnUpdate(update, Now, output);
        }
        return output.Select(m => Assert.IsType<ProviderTurn>(m).Turn).ToList();
    }

    [Fact]
    public void APartialShowsTheWordsStillFormingAfterTheFinalisedTranscript()
    {
        List<Turn> turns = Feed(new AssemblyAITurnAssembler(waitsForFormattedEnd: false),
            Update(0, endOfTurn: false, formatted: false, "hello", W("hello", 0, true), W("wor", 300, false), W("ld", 500, false)));

        Turn partial = Assert.Single(turns);
        Assert.False(partial.EndOfTurn);
        Assert.Equal("hello wor ld", partial.Transcript);
        Assert.Equal(TimeSpan.Zero, partial.StartTime);
        Assert.Equal(TimeSpan.FromMilliseconds(700), partial.EndTime);
    }

    [Fact]
    public void APartialThatAlreadySpellsOutEveryWordIsLeftAlone()
    {
        // u3-rt-pro: every word in the transcript, none marked final.
        List<Turn> turns = Feed(new AssemblyAITurnAssembler(waitsForFormattedEnd: false),
            Update(0, endOfTurn: false, formatted: false, "hello world", W("hello", 0, false), W("world", 300, false)));

        Assert.Equal("hello world", Assert.Single(turns).Transcript);
    }

    [Fact]
    public void WithFormatTurnsTheUnformattedEndIsHeldUntilItsFormattedCopyArrives()
    {
        var assembler = new AssemblyAITurnAssembler(waitsForFormattedEnd: true);

        Assert.Empty(Feed(assembler, Update(0, endOfTurn: true, formatted: false, "hello world", W("hello", 0, true), W("world", 300, true))));
        Turn end = Assert.Single(Feed(assembler, Update(0, endOfTurn: true, formatted: true, "Hello world.", W("Hello", 0, true), W("world.", 300, true))));

        Assert.True(end.EndOfTurn);
        Assert.True(end.IsFormatted);
        Assert.Equal("Hello world.", end.Transcript);
    }

    [Fact]
    public void AHeldEndIsDeliveredWhenTheNextTurnBeginsAndItsLateFormattedCopyIsIgnored()
    {
        var assembler = new AssemblyAITurnAssembler(waitsForFormattedEnd: true);

        List<Turn> turns = Feed(assembler,
            Update(0, endOfTurn: true, formatted: false, "hello", W("hello", 0, true)),
            Update(1, endOfTurn: false, formatted: false, "next", W("next", 1000, true)),
            Update(0, endOfTurn: true, formatted: true, "Hello.", W("Hello.", 0, true)));

        Assert.Equal(2, turns.Count);
        Assert.True(turns[0].EndOfTurn);
        Assert.Equal(0, turns[0].TurnOrder);
        Assert.Equal("hello", turns[0].Transcript);
        Assert.False(turns[1].EndOfTurn);
        Assert.Equal(1, turns[1].TurnOrder);
    }

    [Fact]
    public void WithoutFormatTurnsALaterCopyOfAnEndedTurnIsIgnored()
    {
        List<Turn> turns = Feed(new AssemblyAITurnAssembler(waitsForFormattedEnd: false),
            Update(0, endOfTurn: true, formatted: false, "hello", W("hello", 0, true)),
            Update(0, endOfTurn: true, formatted: true, "Hello.", W("Hello.", 0, true)));

        Assert.Equal("hello", Assert.Single(turns).Transcript);
    }

    [Fact]
    public void FlushDeliversTheHeldEndThenEndsTheOpenTurnWithItsFinalisedWordsOnly()
    {
        var assembler = new AssemblyAITurnAssembler(waitsForFormattedEnd: true);
        Feed(assembler,
            Update(0, endOfTurn: true, formatted: false, "first", W("first", 0, true)),
            Update(1, endOfTurn: false, formatted: false, "second", W("second", 1000, true), W("thi", 1300, false)));

        var output = new List<ProviderMessage>();
        assembler.Flush(output);

        Turn open = Assert.Single(output.Select(m => Assert.IsType<ProviderTurn>(m).Turn));
        Assert.Equal(1, open.TurnOrder);
        Assert.True(open.EndOfTurn);
        Assert.Equal("second", open.Transcript);
        Assert.Single(open.Words);

        var again = new List<ProviderMessage>();
        assembler.Flush(again);
        Assert.Empty(again);
    }

    [Fact]
    public void FlushAfterAnUnformattedEndDeliversIt()
    {
        var assembler = new AssemblyAITurnAssembler(waitsForFormattedEnd: true);
        Feed(assembler, Update(0, endOfTurn: true, formatted: false, "hello", W("hello", 0, true)));

        var output = new List<ProviderMessage>();
        assembler.Flush(output);

        Turn end = Assert.IsType<ProviderTurn>(Assert.Single(output)).Turn;
        Assert.True(end.EndOfTurn);
        Assert.False(end.IsFormatted);
    }

    [Fact]
    public void FlushEndsNothingWhenNoWordOfTheOpenTurnIsFinal()
    {
        var assembler = new AssemblyAITurnAssembler(waitsForFormattedEnd: false);
        Feed(assembler, Update(0, endOfTurn: false, formatted: false, "hello world", W("hello", 0, false), W("world", 300, false)));

        var output = new List<ProviderMessage>();
        assembler.Flush(output);

        Assert.Empty(output);
    }
}

// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Providers.Deepgram;
using StreamingStt.Engine.Providers.Speechmatics;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Providers;

public sealed class ProviderParametersTests
{
    [Fact]
    public void ProviderOptionsBecomePlainQueryValuesAndArraysRepeat()
    {
        var options = new DeepgramOptions();
        options.AddProviderOptions(new Hashtable { ["diarize_model"] = "latest", ["filler_words"] = true, ["alternatives"] = 2, ["tag"] = new object[] { "a", "b" } });
        var pairs = options.ProviderOptions.OrderBy(p => p.Key).ThenBy(p => p.Value).Select(p => p.Key + "=" + p.Value).ToArray();
        Assert.Equal(new[] { "alternatives=2", "diarize_model=latest", "filler_words=true", "tag=a", "tag=b" }, pairs);

        Assert.Throws<SttException>(() => new DeepgramOptions().AddProviderOptions(new Hashtable { [" "] = "x" }));
        Assert.Throws<SttException>(() => new DeepgramOptions().AddProviderOptions(new Hashtable { ["x"] = new Hashtable() }));
    }

    [Fact]
    public void VocabularyEntriesComeFromWordsOrContentAndSoundsLike()
    {
        Assert.Equal("gnocchi", SpeechmaticsVocabularyEntry.From("gnocchi").Content);
        var entry = SpeechmaticsVocabularyEntry.From(new Hashtable { ["Content"] = "bucatini", ["SoundsLike"] = new[] { "boo ka tee nee", "bukatini" } });
        Assert.Equal("bucatini", entry.Content);
        Assert.Equal(new[] { "boo ka tee nee", "bukatini" }, entry.SoundsLike);
        Assert.Single(SpeechmaticsVocabularyEntry.From(new Hashtable { ["content"] = "x", ["sounds_like"] = "ex" }).SoundsLike);

        Assert.Throws<SttException>(() => SpeechmaticsVocabularyEntry.From(new Hashtable { ["SoundsLike"] = "x" }));
        Assert.Throws<SttException>(() => SpeechmaticsVocabularyEntry.From(new Hashtable { ["Content"] = "x", ["Weight"] = 2 }));
        Assert.Throws<SttException>(() => SpeechmaticsVocabularyEntry.From(42));
        Assert.Throws<SttException>(() => SpeechmaticsVocabularyEntry.From(" "));
    }
}

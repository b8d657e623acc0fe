// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Session;

/// <summary>A key or token that cannot go into a header is refused when it is given, never echoed.</summary>
public sealed class CredentialTests
{
    [Theory]
    [InlineData("first-half-77\r\nsecond-half-88", "line break")]
    [InlineData("first-half-77\nsecond-half-88", "line break")]
    [InlineData("first-half-77\rsecond-half-88", "line break")]
    [InlineData("first-half-77\0second-half-88", "control character")]
    [InlineData("first-half-77\tsecond-half-88", "control character")]
    public void AKeyWithALineBreakOrControlCharacterIsRefusedWithoutEchoingIt(string key, string named)
    {
        foreach (Func<SttCredential> create in new Func<SttCredential>[]
        {
            () => SttCredential.FromApiKey(key),
            () => SttCredential.FromApiKey(key, "The key given with -ApiKey"),
            () => SttCredential.FromTemporaryToken(key),
        })
        {
            SttException ex = Assert.Throws<SttException>(create);
            Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
            Assert.Contains(named, ex.Message);
            Assert.DoesNotContain("half", ex.Message + ex.RecommendedAction + ex.Target);
        }
    }

    [Fact]
    public void TheMessageSaysWhereTheKeyCameFrom()
    {
        SttException ex = Assert.Throws<SttException>(() => SttCredential.FromApiKey("a\nb", "The key in $env:DEEPGRAM_API_KEY"));
        Assert.StartsWith("The key in $env:DEEPGRAM_API_KEY contains a line break", ex.Message);
    }

    [Fact]
    public void SurroundingWhitespaceAndLineBreaksAreStillTrimmed()
    {
        Assert.Equal("API key (hidden)", SttCredential.FromApiKey("  key-123\r\n").ToString());
    }
}

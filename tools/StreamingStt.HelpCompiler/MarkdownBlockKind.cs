// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.HelpCompiler
{
    /// <summary>The block types a platyPS page is made of.</summary>
    public enum MarkdownBlockKind
    {
        Heading,
        Paragraph,
        CodeBlock,
    }
}

// Copyright (c) StreamingStt contributors. MIT License.
namespace StreamingStt.Engine.Tests.Help;

/// <summary>A small valid platyPS page; tests break one thing in it at a time.</summary>
public static class InlinePages
{
    public const string SourceName = "Get-Thing.md";

    public const string Valid = """
        ---
        external help file: Thing.dll-Help.xml
        Module Name: Thing
        online version:
        schema: 2.0.0
        ---

        # Get-Thing

        ## SYNOPSIS
        Gets things.

        ## SYNTAX

        ### Name (Default)
        ```
        Get-Thing [[-Name] <String[]>] [-Force] [<CommonParameters>]
        ```

        ### Id
        ```
        Get-Thing -Id <Int32> [-Force] [<CommonParameters>]
        ```

        ## DESCRIPTION
        Gets the things
        you ask for.

        Uses **bold** and `code` and a [link](https://example.com/thing).

        ## EXAMPLES

        ### Example 1: Get a thing
        ```powershell
        # Not a heading: a comment in the code.
        Get-Thing -Name a
        ```

        ```Output
        a
        ```

        Gets the thing named a.

        ## PARAMETERS

        ### -Name
        The names.

        ```yaml
        Type: String[]
        Parameter Sets: Name
        Aliases: N
        Accepted values: a, b

        Required: False
        Position: 0
        Default value: None
        Accept pipeline input: True (ByValue)
        Accept wildcard characters: True
        ```

        ### -Id
        The id.

        ```yaml
        Type: Int32
        Parameter Sets: Id
        Aliases:

        Required: True
        Position: Named
        Default value: None
        Accept pipeline input: True (ByPropertyName)
        Accept wildcard characters: False
        ```

        ### -Force
        Forces.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases:

        Required: False
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### CommonParameters
        This cmdlet supports the common parameters.

        ## INPUTS

        ### System.String[]
        Names, by value into `-Name`.

        ## OUTPUTS

        ### Thing

        ## NOTES
        Some notes.

        ## RELATED LINKS

        [Online](https://example.com/get-thing)

        [Set-Thing](Set-Thing.md)
        """;

    /// <summary>The 1-based line of the first line containing <paramref name="marker"/>.</summary>
    public static int LineOf(string page, string marker)
    {
        string[] lines = page.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(marker, StringComparison.Ordinal)) return i + 1;
        }
        throw new ArgumentException($"'{marker}' is not in the page.");
    }

    /// <summary>The page with exactly one occurrence of <paramref name="find"/> replaced.</summary>
    public static string With(string find, string replace)
    {
        string page = Valid.Replace("\r\n", "\n");
        int at = page.IndexOf(find, StringComparison.Ordinal);
        if (at < 0 || page.IndexOf(find, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"'{find}' should occur exactly once in the page.");
        }
        return page.Substring(0, at) + replace + page.Substring(at + find.Length);
    }
}

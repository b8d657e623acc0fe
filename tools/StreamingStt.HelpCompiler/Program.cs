// Copyright (c) StreamingStt contributors. MIT License.
using System;
using StreamingStt.HelpCompiler;

// build.ps1 runs this to turn docs/<Verb-Noun>.md into en-US/StreamingStt.Commands.dll-Help.xml.
return HelpCompilerCommandLine.Run(args, Console.Out, Console.Error);

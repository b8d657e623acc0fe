// Copyright (c) StreamingStt contributors. MIT License.
using System.Text.RegularExpressions;
using StreamingStt.Engine.Tests.Help;
using Xunit;

namespace StreamingStt.Engine.Tests.Contract
{
    /// <summary>
    /// docs/architecture.md: the cmdlets dispatch session events in one place, SessionEventDispatcher, to a sink
    /// (the foreground pump, a job, a batch). A new event kind then needs one new case there and a method on the sink,
    /// never a second switch that would miss it. Read from the module's source: no other file of
    /// StreamingStt.Commands tests a session event's type.
    /// </summary>
    public sealed class SessionEventDispatchTests
    {
        private const string Dispatcher = "Infrastructure/SessionEventDispatcher.cs";

        private static readonly string[] EventTypes =
            typeof(StreamingStt.Engine.Session.SessionEvent).Assembly.GetExportedTypes()
                .Where(type => type.IsSubclassOf(typeof(StreamingStt.Engine.Session.SessionEvent)))
                .Select(type => type.Name)
                .ToArray();

        [Fact]
        public void Only_the_dispatcher_tests_a_session_events_type_in_the_cmdlets()
        {
            Assert.True(EventTypes.Length >= 6, "Expected the engine's session event types: " + string.Join(", ", EventTypes));
            string commandsDirectory = Path.Combine(HelpTestPaths.RepoRoot, "src", "StreamingStt.Commands");
            var elsewhere = new List<string>();
            int inDispatcher = 0, filesRead = 0;
            foreach (string file in Directory.EnumerateFiles(commandsDirectory, "*.cs", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(commandsDirectory, file).Replace('\\', '/');
                if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal)) continue;
                filesRead++;
                List<string> tests = TypeTests(File.ReadAllText(file));
                if (relative == Dispatcher) inDispatcher = tests.Count;
                else if (tests.Count > 0) elsewhere.Add($"{relative}: {string.Join(", ", tests)}");
            }
            Assert.True(filesRead > 20, $"Expected the module's source files under {commandsDirectory}; read {filesRead}.");
            Assert.True(inDispatcher >= EventTypes.Length - 1, $"{Dispatcher} should dispatch every event kind; it tests {inDispatcher} of {EventTypes.Length}.");
            Assert.True(elsewhere.Count == 0, "Session events dispatched outside SessionEventDispatcher:\n  " + string.Join("\n  ", elsewhere));
        }

        [Fact]
        public void The_check_finds_a_case_an_is_and_an_as_but_not_a_mention()
        {
            Assert.Single(TypeTests("switch (e) { case TurnEvent turn: break; }"));
            Assert.Single(TypeTests("if (e is SessionEndedEvent ended) { }"));
            Assert.Single(TypeTests("var fault = e as SessionFaultEvent;"));
            Assert.Empty(TypeTests("void OnTurn(TurnEvent turn) { } // a sink method takes the event it is given"));
        }

        private static List<string> TypeTests(string source)
        {
            var found = new List<string>();
            foreach (string type in EventTypes)
            {
                foreach (Match match in Regex.Matches(source, $@"\b(?:case|is|as)\s+{type}\b"))
                {
                    found.Add(match.Value);
                }
            }
            return found;
        }
    }
}

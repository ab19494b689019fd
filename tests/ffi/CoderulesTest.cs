// capi/dotnet/Coderules.cs against the built library and the sample pack.
//
//   mono CoderulesTest.exe SAMPLE_PACK
//
// No test framework ships with mono-mcs, so this is a console program: it prints each failed
// expectation and exits non-zero.
using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Coderules;

internal static class CoderulesTest
{
    private static int failures;

    private const string PtpClaim =
        "{\"id\":\"ptp\",\"type\":\"PROFESSIONAL\",\"lines\":[" +
        "{\"number\":1,\"code\":\"92133\",\"units\":1,\"dateOfService\":\"2025-03-03\"}," +
        "{\"number\":2,\"code\":\"92134\",\"units\":1,\"dateOfService\":\"2025-03-03\"}]}";
    private const string MueClaim =
        "{\"id\":\"mue\",\"type\":\"PROFESSIONAL\",\"lines\":[" +
        "{\"number\":1,\"code\":\"82374\",\"units\":3,\"dateOfService\":\"2025-03-03\"}]}";
    private const string LoneColumn2Claim =
        "{\"id\":\"h\",\"type\":\"PROFESSIONAL\",\"lines\":[" +
        "{\"number\":1,\"code\":\"92134\",\"units\":1,\"dateOfService\":\"2025-03-03\"}]}";
    private const string Column1History =
        "{\"lines\":[{\"number\":9,\"code\":\"92133\",\"units\":1," +
        "\"dateOfService\":\"2025-03-03\"}]}";

    private static void Expect(bool condition, string what)
    {
        if (condition) return;
        Console.Error.WriteLine("FAILED: " + what);
        ++failures;
    }

    private static void ExpectContains(string text, string needle, string what)
    {
        Expect(text.Contains(needle), what + ": expected " + needle + " in " + text);
    }

    // Runs `body`, which must throw CoderulesException with the status named.
    private static void ExpectThrows(string statusName, Action body, string what)
    {
        try
        {
            body();
            Expect(false, what + ": no exception");
        }
        catch (CoderulesException e)
        {
            Expect(statusName == null ? e.StatusName != "OK" : e.StatusName == statusName,
                   what + ": status " + e.StatusName + ", want " + (statusName ?? "not OK"));
            Expect(e.Detail.Length > 0, what + ": no detail");
            Expect(e.Message.StartsWith(e.StatusName), what + ": message " + e.Message);
        }
    }

    private static int Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: CoderulesTest.exe SAMPLE_PACK");
            return 2;
        }
        string pack = args[0];

        using (var engine = Engine.FromFile(pack))
        {
            Expect(engine.PackVersion == "sample", "pack version " + engine.PackVersion);

            string ptp = engine.Check(PtpClaim);
            ExpectContains(ptp, "\"edit\":\"NCCI_PTP\"", "PTP");
            ExpectContains(ptp, "\"severity\":\"DENY_LINE\"", "PTP");
            ExpectContains(ptp, "\"lines\":[2,1]", "PTP acts on line 2");
            ExpectContains(ptp, "\"codes\":[\"92134\",\"92133\"]", "PTP codes");

            string mue = engine.Check(MueClaim);
            ExpectContains(mue, "\"edit\":\"NCCI_MUE\"", "MUE");
            ExpectContains(mue, "\"codes\":[\"82374\"]", "MUE code");

            string alone = engine.Check(LoneColumn2Claim);
            Expect(!alone.Contains("NCCI_PTP"), "no partner, no PTP: " + alone);
            string withHistory = engine.Check(LoneColumn2Claim, Column1History);
            ExpectContains(withHistory, "\"edit\":\"NCCI_PTP\"", "PTP with history");
            ExpectContains(withHistory, "\"lines\":[1]", "PTP with history acts on line 1");

            // Not a claim: data, not an exception, and the input is never quoted.
            string malformed = engine.Check("SECRET not json");
            ExpectContains(malformed, "\"edit\":\"CLAIM_MALFORMED\"", "garbage");
            ExpectContains(malformed, "\"severity\":\"REJECT_CLAIM\"", "garbage");
            Expect(!malformed.Contains("SECRET"), "garbage quoted: " + malformed);
            ExpectContains(engine.Check(PtpClaim, "[1"), "\"field\":\"history\"", "bad history");
            ExpectContains(engine.Check(""), "CLAIM_MALFORMED", "empty claim");

            // Non-ASCII text crosses as UTF-8 and comes back intact.
            string unicode = engine.Check(
                "{\"id\":\"caf\u00e9-\u4e2d\",\"type\":\"PROFESSIONAL\",\"lines\":[" +
                "{\"number\":1,\"code\":\"99213\",\"units\":1,\"dateOfService\":\"2025-03-03\"}]}");
            ExpectContains(unicode, "\"claimId\":\"caf\u00e9-\u4e2d\"", "UTF-8 round trip");

            // Lookup: what the pack knows about a code.
            string cpt = engine.Lookup("92133");
            ExpectContains(cpt, "\"query\":\"92133\"", "lookup");
            ExpectContains(cpt, "\"system\":\"CPT\",\"code\":\"92133\",\"known\":true",
                           "lookup CPT");
            ExpectContains(cpt, "\"asColumn1Indicator0\":1", "lookup PTP");
            Expect(!cpt.Contains("\"date\""), "lookup without a date: " + cpt);
            string xe = engine.Lookup("xe", "2015-01-01");
            ExpectContains(xe, "\"date\":\"2015-01-01\"", "lookup date");
            ExpectContains(xe, "\"code\":\"XE\"", "lookup modifier");
            ExpectContains(xe, "\"onDate\":\"BILLABLE\"", "lookup on date");
            ExpectContains(engine.Lookup("XE", "2014-12-31"), "\"onDate\":\"CANNOT_TELL\"",
                           "lookup before the window");
            string unknown = engine.Lookup("99999");
            Expect(!unknown.Contains("\"known\""), "unknown code: " + unknown);
            ExpectThrows("INVALID_ARGUMENT", () => engine.Lookup("1234"), "lookup of no code");
            ExpectThrows("INVALID_ARGUMENT", () => engine.Lookup(""), "lookup of nothing");
            ExpectThrows("INVALID_ARGUMENT", () => engine.Lookup("92133", "2025-02-30"),
                         "lookup on no date");
            try
            {
                engine.Lookup(null);
                Expect(false, "lookup of null");
            }
            catch (ArgumentNullException)
            {
            }

            string info = engine.PackInfo();
            ExpectContains(info, "{\"version\":\"sample\",", "pack info version");
            ExpectContains(info, "\"name\":\"rules/sample\",\"version\":\"sample-1\"",
                           "pack info source");
            ExpectContains(info, "{\"table\":\"ptp_practitioner\",\"rows\":\"8\"}",
                           "pack info table");

            // Threads share one engine.
            var threads = new List<Thread>();
            int mismatches = 0;
            for (int t = 0; t < 4; ++t)
            {
                var thread = new Thread(() =>
                {
                    for (int i = 0; i < 200; ++i)
                    {
                        if (engine.Check(PtpClaim) != ptp) Interlocked.Increment(ref mismatches);
                    }
                });
                threads.Add(thread);
                thread.Start();
            }
            foreach (var thread in threads) thread.Join();
            Expect(mismatches == 0, mismatches + " mismatched results across threads");
        }

        using (var fromBytes = Engine.FromBytes(File.ReadAllBytes(pack)))
        {
            ExpectContains(fromBytes.Check(PtpClaim), "\"edit\":\"NCCI_PTP\"", "from bytes");
        }

        var oneLine = new Dictionary<EngineOption, long> { { EngineOption.MaxLines, 1 } };
        using (var limited = Engine.FromFile(pack, oneLine))
        {
            string result = limited.Check(PtpClaim);
            ExpectContains(result, "\"edit\":\"CLAIM_MALFORMED\"", "max_lines 1");
            ExpectContains(result, "\"field\":\"lines\"", "max_lines 1");
        }

        // Failed calls become exceptions carrying the status and the library's message.
        ExpectThrows("NOT_FOUND", () => Engine.FromFile(pack + ".missing"), "missing pack");
        ExpectThrows(null, () => Engine.FromBytes(System.Text.Encoding.ASCII.GetBytes("hello")),
                     "corrupt pack");
        ExpectThrows("OUT_OF_RANGE",
                     () => Engine.FromFile(pack, new Dictionary<EngineOption, long> {
                         { EngineOption.MaxLines, 0 } }),
                     "max_lines 0");
        ExpectThrows("INVALID_ARGUMENT",
                     () => Engine.FromFile(pack, new Dictionary<EngineOption, long> {
                         { (EngineOption)42, 1 } }),
                     "unknown option");

        var disposed = Engine.FromFile(pack);
        disposed.Dispose();
        disposed.Dispose();
        try
        {
            disposed.Check(PtpClaim);
            Expect(false, "a disposed engine checked a claim");
        }
        catch (ObjectDisposedException)
        {
        }

        if (failures != 0)
        {
            Console.Error.WriteLine(failures + " expectation(s) failed");
            return 1;
        }
        Console.WriteLine("CoderulesTest: all expectations passed");
        return 0;
    }
}

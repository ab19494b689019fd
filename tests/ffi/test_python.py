"""capi/python/coderules.py against the built library and the sample pack.

Run by ctest with CODERULES_LIBRARY (libcoderules.so) and CODERULES_SAMPLE_PACK set.
"""

import json
import os
import re
import sys
import threading
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(SOURCE_DIR, "capi", "python"))

import coderules  # noqa: E402

LIBRARY = os.environ.get("CODERULES_LIBRARY")
PACK = os.environ.get("CODERULES_SAMPLE_PACK")


def line(number, code, units=1, date="2025-03-03", **extra):
    return dict(number=number, code=code, units=units, dateOfService=date, **extra)


def claim(*lines, claim_id="c", claim_type="PROFESSIONAL"):
    return {"id": claim_id, "type": claim_type, "lines": list(lines)}


def findings(result, edit):
    return [f for f in result.get("findings", []) if f["edit"] == edit]


PTP_CLAIM = claim(line(1, "92133"), line(2, "92134"), claim_id="ptp")


class BindingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Fail rather than skip: a silently skipped binding test would hide a broken setup.
        if not LIBRARY or not PACK:
            raise RuntimeError("set CODERULES_LIBRARY and CODERULES_SAMPLE_PACK")
        cls.lib = coderules.load(LIBRARY)
        cls.engine = coderules.Engine.from_file(PACK, library=cls.lib)

    @classmethod
    def tearDownClass(cls):
        cls.engine.close()

    def test_constants_match_the_header(self):
        with open(os.path.join(SOURCE_DIR, "capi", "coderules.h")) as f:
            header = dict(re.findall(r"#define (CODERULES_\w+) +(\S+)", f.read()))
        self.assertEqual(int(header["CODERULES_ABI_VERSION"]), coderules.ABI_VERSION)
        self.assertEqual(int(header["CODERULES_OK"]), coderules.OK)
        self.assertEqual(int(header["CODERULES_INVALID_ARGUMENT"]), coderules.INVALID_ARGUMENT)
        self.assertEqual(int(header["CODERULES_NOT_FOUND"]), coderules.NOT_FOUND)
        self.assertEqual(int(header["CODERULES_OUT_OF_RANGE"]), coderules.OUT_OF_RANGE)
        self.assertEqual(int(header["CODERULES_FORMAT_BINARY"]), coderules.FORMAT_BINARY)
        self.assertEqual(int(header["CODERULES_FORMAT_JSON"]), coderules.FORMAT_JSON)
        for name, key in coderules.OPTIONS.items():
            self.assertEqual(int(header["CODERULES_OPT_" + name.upper()]), key)
        self.assertEqual(header["CODERULES_VERSION_STRING"].strip('"'), self.lib.version)

    def test_ptp_denies_column_two(self):
        result = self.engine.check(PTP_CLAIM)
        self.assertEqual(result["claimId"], "ptp")
        self.assertEqual(result["packVersion"], "sample")
        self.assertEqual(self.engine.pack_version, "sample")
        ptp = findings(result, "NCCI_PTP")
        self.assertEqual(len(ptp), 1, result)
        self.assertEqual(ptp[0]["severity"], "DENY_LINE")
        self.assertEqual(ptp[0]["lines"][0], 2)
        self.assertEqual(ptp[0]["lines"], [2, 1])
        self.assertEqual(ptp[0]["codes"], ["92134", "92133"])
        self.assertEqual(ptp[0]["rule"]["source"], "rules/sample")

    def test_mue_line_edit(self):
        result = self.engine.check(claim(line(1, "82374", units=3)))
        mue = findings(result, "NCCI_MUE")
        self.assertEqual(len(mue), 1, result)
        self.assertEqual(mue[0]["severity"], "DENY_LINE")
        self.assertEqual(mue[0]["lines"], [1])
        self.assertEqual(mue[0]["codes"], ["82374"])
        # Two units are within the limit.
        self.assertEqual(findings(self.engine.check(claim(line(1, "82374", units=2))), "NCCI_MUE"),
                         [])

    def test_clean_claim_has_no_findings(self):
        result = self.engine.check(claim(line(1, "99213"), claim_id="clean"))
        self.assertEqual(result.get("findings", []), [])
        self.assertEqual(result["claimId"], "clean")

    def test_dict_text_and_bytes_agree(self):
        text = json.dumps(PTP_CLAIM)
        expected = self.engine.check(PTP_CLAIM)
        self.assertEqual(self.engine.check(text), expected)
        self.assertEqual(self.engine.check(text.encode()), expected)

    def test_history_supplies_the_partner(self):
        lone = claim(line(1, "92134"))
        self.assertEqual(findings(self.engine.check(lone), "NCCI_PTP"), [])
        history = {"lines": [line(9, "92133")]}
        ptp = findings(self.engine.check(lone, history=history), "NCCI_PTP")
        self.assertEqual(len(ptp), 1)
        self.assertEqual(ptp[0]["lines"][0], 1)
        self.assertEqual(ptp[0]["codes"], ["92134", "92133"])
        # A different day is no partner.
        other_day = {"lines": [line(9, "92133", date="2025-03-04")]}
        self.assertEqual(findings(self.engine.check(lone, history=other_day), "NCCI_PTP"), [])

    def test_garbage_is_a_malformed_claim_not_an_error(self):
        result = self.engine.check("not json at all")
        malformed = findings(result, "CLAIM_MALFORMED")
        self.assertEqual(len(malformed), 1, result)
        self.assertEqual(malformed[0]["severity"], "REJECT_CLAIM")
        self.assertEqual(malformed[0]["field"], "claim")
        self.assertNotIn("not json", malformed[0]["message"])

        result = self.engine.check(PTP_CLAIM, history="[oops")
        self.assertEqual(findings(result, "CLAIM_MALFORMED")[0]["field"], "history")
        self.assertEqual(findings(result, "NCCI_PTP"), [])

        out = self.engine.check_raw(b"\xff\xff\xff", wire_format=coderules.FORMAT_BINARY)
        self.assertIn(b"CLAIM_MALFORMED", out)
        # 0 bytes is an empty Claim: no type and no lines.
        out = self.engine.check_raw(b"", wire_format=coderules.FORMAT_BINARY)
        self.assertIn(b"CLAIM_MALFORMED", out)

    def test_from_bytes_matches_from_file(self):
        with open(PACK, "rb") as f:
            pack = f.read()
        with coderules.Engine.from_bytes(pack, library=self.lib) as engine:
            self.assertEqual(engine.check(PTP_CLAIM), self.engine.check(PTP_CLAIM))

    def test_options(self):
        two_lines = claim(line(1, "99213"), line(2, "99214"))
        with coderules.Engine.from_file(PACK, options={"max_lines": 1}, library=self.lib) as engine:
            malformed = findings(engine.check(two_lines), "CLAIM_MALFORMED")
            self.assertEqual([f["field"] for f in malformed], ["lines"])
        self.assertEqual(findings(self.engine.check(two_lines), "CLAIM_MALFORMED"), [])
        low, high = self.lib.bounds("max_lines")
        self.assertEqual(low, 1)
        self.assertGreaterEqual(high, 999)

    def test_errors_raise(self):
        with self.assertRaises(coderules.CoderulesError) as caught:
            coderules.Engine.from_file(os.path.join(HERE, "no-such.pack"), library=self.lib)
        self.assertEqual(caught.exception.status, coderules.NOT_FOUND)
        self.assertEqual(caught.exception.name, "NOT_FOUND")
        self.assertTrue(caught.exception.message)
        self.assertIn("NOT_FOUND", str(caught.exception))

        with self.assertRaises(coderules.CoderulesError) as caught:
            coderules.Engine.from_bytes(b"hello", library=self.lib)
        self.assertNotEqual(caught.exception.status, coderules.OK)
        self.assertTrue(caught.exception.message)

        with self.assertRaises(coderules.CoderulesError) as caught:
            coderules.Engine.from_file(PACK, options={"max_lines": 0}, library=self.lib)
        self.assertEqual(caught.exception.name, "OUT_OF_RANGE")

        with self.assertRaises(ValueError):
            coderules.Engine.from_file(PACK, options={"max_widgets": 1}, library=self.lib)

        with self.assertRaises(coderules.CoderulesError) as caught:
            self.engine.check_raw(b"{}", wire_format=7)
        self.assertEqual(caught.exception.status, coderules.INVALID_ARGUMENT)
        self.assertIn("format", caught.exception.message)

        with self.assertRaises(coderules.CoderulesError) as caught:
            self.lib.call(self.lib.coderules_options_bounds, 99, None, None)
        self.assertEqual(caught.exception.name, "INVALID_ARGUMENT")

        # The message does not outlive the next successful call.
        self.engine.check(PTP_CLAIM)
        self.assertEqual(self.lib.coderules_last_error_message(), b"")

    def test_lookup(self):
        result = self.engine.lookup("92133")
        self.assertEqual(result["query"], "92133")
        self.assertNotIn("date", result)
        self.assertEqual(len(result["matches"]), 1)
        cpt = result["matches"][0]
        self.assertEqual((cpt["system"], cpt["code"], cpt["known"]), ("CPT", "92133", True))
        self.assertEqual(cpt["ptp"][0], {"table": "practitioner", "asColumn1Indicator0": 1,
                                         "asColumn1Indicator1": 1})
        # On a date; modifiers in any case.
        xe = self.engine.lookup("xe", "2015-01-01")
        self.assertEqual(xe["date"], "2015-01-01")
        self.assertEqual(xe["matches"][0]["code"], "XE")
        self.assertEqual(xe["matches"][0]["onDate"], "BILLABLE")
        self.assertEqual(self.engine.lookup("XE", "2014-12-31")["matches"][0]["onDate"],
                         "CANNOT_TELL")
        self.assertEqual(self.engine.lookup("99292")["matches"][0]["addOnPrimaries"][0]["primary"],
                         "99291")
        # Known in no system: every system the text fits, none known.
        both = self.engine.lookup("E1161")["matches"]
        self.assertEqual([(m["system"], m["code"]) for m in both],
                         [("ICD10CM", "E11.61"), ("HCPCS", "E1161")])
        self.assertFalse(any(m.get("known") for m in both))

    def test_lookup_errors_raise(self):
        for code, date, needle in [("1234", None, "not the shape"), ("", None, "not the shape"),
                                   ("92133", "2025-02-30", "YYYY-MM-DD"),
                                   ("92133", "03/03/2025", "YYYY-MM-DD")]:
            with self.assertRaises(coderules.CoderulesError) as caught:
                self.engine.lookup(code, date)
            self.assertEqual(caught.exception.status, coderules.INVALID_ARGUMENT)
            self.assertIn(needle, caught.exception.message)
        self.engine.lookup("92133")
        self.assertEqual(self.lib.coderules_last_error_message(), b"")

    def test_pack_info(self):
        info = self.engine.pack_info()
        self.assertEqual(info["version"], "sample")
        sources = {s["name"]: s for s in info["sources"]}
        self.assertEqual(sources["rules/sample"]["kind"], "rules")
        self.assertEqual(sources["rules/sample"]["rowsRead"], "17")
        self.assertEqual(sources["rules/sample"]["rowsAccepted"], "17")
        self.assertNotIn("rowsRejected", sources["rules/sample"])
        tables = {t["table"]: int(t.get("rows", "0")) for t in info["tables"]}
        self.assertEqual(tables["ptp_practitioner"], 8)
        self.assertEqual(tables["add_on"], 3)
        self.assertEqual(tables["icd10cm_codes"], 0)

    def test_closed_engine_refuses(self):
        engine = coderules.Engine.from_file(PACK, library=self.lib)
        engine.close()
        engine.close()
        for call in (lambda: engine.check(PTP_CLAIM), lambda: engine.lookup("92133"),
                     engine.pack_info):
            with self.assertRaises(ValueError):
                call()

    def test_threads_share_one_engine(self):
        expected = self.engine.check_raw(PTP_CLAIM)
        errors = []

        def work():
            for _ in range(200):
                if self.engine.check_raw(PTP_CLAIM) != expected:
                    errors.append("mismatch")

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])


if __name__ == "__main__":
    unittest.main(verbosity=2)

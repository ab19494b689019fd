"""The smallest Python host: load a rule pack, check one claim, print its findings.

    python3 check_claim.py LIBRARY PACK [CLAIM_JSON]

LIBRARY is the path of libcoderules.so. Without CLAIM_JSON it checks a claim that bills 92133 and
92134 on one day, which NCCI bundles.
"""

import os
import sys

# The binding is one file; a real host would install it or copy it next to its own code.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "capi",
                                "python"))
import coderules  # noqa: E402

CLAIM = {
    "id": "example",
    "type": "PROFESSIONAL",
    "lines": [
        {"number": 1, "code": "92133", "units": 1, "dateOfService": "2025-03-03"},
        {"number": 2, "code": "92134", "units": 1, "dateOfService": "2025-03-03"},
    ],
}


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    coderules.load(argv[1])
    try:
        engine = coderules.Engine.from_file(argv[2])
    except coderules.CoderulesError as e:
        print(f"cannot load {argv[2]}: {e}", file=sys.stderr)
        return 1
    with engine:
        # A claim that breaks rules is not an error: the findings say so.
        result = engine.check(argv[3] if len(argv) == 4 else CLAIM)
    findings = result.get("findings", [])
    print(f"claim {result.get('claimId', '')!r}: {len(findings)} finding(s)")
    for finding in findings:
        print(f"{finding['edit']} {finding['severity']} lines={finding.get('lines', [])}: "
              f"{finding.get('message', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

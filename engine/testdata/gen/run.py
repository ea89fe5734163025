"""Regenerates the drops and expected.csv of engine/testdata/rules from cases.py.

Usage: python3 run.py [case ...]. The expected findings are written by hand in cases.py; the Go
test (go test ./engine -run TestRuleCases) compares the engine with them.
"""
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cases

only = sys.argv[1:]
for n, fn in cases.CASES.items():
    if only and n not in only:
        continue
    d, comment, exp = fn()
    cases.write_case(n, d, comment, exp)
    print('wrote', n)

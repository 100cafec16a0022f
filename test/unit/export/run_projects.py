"""Runs the train.py of several exported projects in one Python process, so torch is imported once.

Usage: python3 run_projects.py '[["DIR", "--epochs", "1", "--save-model", "OUT.json"], ...]'
"""
import importlib
import json
import sys

for directory, *args in json.loads(sys.argv[1]):
    for name in ("data", "model", "train"):
        sys.modules.pop(name, None)
    sys.path.insert(0, directory)
    try:
        sys.argv = ["train.py", *args]
        importlib.import_module("train").main()
    finally:
        sys.path.remove(directory)

"""Prints, as JSON, what the data.py of each exported project yields: every tensor (shape and values) and the rest,
and the input mapping the project's model.py saves with a trained model (savedMapping).

Usage: python3 dump_data.py '["PROJECT_DIR", ...]'; a project whose data.py fails gets {"error": its last traceback line}.
"""
import importlib
import json
import sys
import traceback

out = {}
for directory in json.loads(sys.argv[1]):
    for name in ("data", "model"):
        sys.modules.pop(name, None)
    sys.path.insert(0, directory)
    try:
        loaded = importlib.import_module("data").load_data()
        out[directory] = {
            key: {"shape": list(value.shape), "values": value.flatten().tolist()} if hasattr(value, "shape") else value
            for key, value in loaded.items()
        }
        saved = importlib.import_module("model").Network().model_json(loaded, 0)
        out[directory]["savedMapping"] = {"inputScale": saved.get("inputScale"), "normalization": saved["normalization"]}
    except Exception:  # noqa: BLE001 - reported to the test, which names the project
        out[directory] = {"error": traceback.format_exc().strip().splitlines()[-1]}
    finally:
        sys.path.remove(directory)
print(json.dumps(out))

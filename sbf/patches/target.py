"""bpfel-unknown-none's spec with os = "solana" and atomic-cas, printed by the installed
rustc, turned into the lane's custom target."""
import json
import sys

spec = json.load(sys.stdin)
spec["os"] = "solana"
spec["atomic-cas"] = True
spec.pop("min-atomic-width", None)
spec["metadata"] = {"description": "upstream BPF with os=solana (lever SBF lane)", "host_tools": False, "std": True, "tier": 3}
print(json.dumps(spec, indent=2))

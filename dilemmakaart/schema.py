"""The JSON Schema of the case format, generated from the model so the two never drift apart.

``python -m dilemmakaart.schema > docs/case.schema.json`` writes it; a test checks the file is current.
"""

from __future__ import annotations

import json

from dilemmakaart.case import FORMAT, Case

SCHEMA_ID = "https://dilemmakaart.example/schemas/case-1.json"


def case_json_schema() -> dict:
    schema = Case.model_json_schema(mode="validation")
    schema["title"] = "Dilemmakaart case"
    schema["description"] = (
        f"A case file in the format {FORMAT}: one YAML document, UTF-8, at most 1 MiB. "
        "Rules that span fields (value ids exist in the value code, a value once, a dilemma pair once, "
        "the id equals the file name, session balances name dilemmas of the case) are checked by "
        "`python -m dilemmakaart validate`."
    )
    # Unknown keys are an error, except keys that start with "x-" (kept as they are).
    schema["patternProperties"] = {"^x-": {}}
    schema["additionalProperties"] = False
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def main() -> None:
    print(json.dumps(case_json_schema(), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

"""The OpenAPI 3.1 document, built from the model's JSON schemas and the service's own components."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from icp_core.problems import Problem
from icp_core.report import Verdict
from icp_core.schema import INPUT_SCHEMAS, SCHEMAS, json_schema
from icp_core.server.settings import _REQUEST_ID_MAX, DEFAULT_MAX_BATCH, DEFAULT_MAX_BODY_BYTES, YAML_MEDIA_TYPES

# --------------------------------------------------------------------------- OpenAPI


_INPUT_ROOTS = INPUT_SCHEMAS
_OUTPUT_ROOTS = tuple(what for what in SCHEMAS if what not in INPUT_SCHEMAS)


def _model_components() -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The model's JSON Schemas as OpenAPI components: every ``$defs`` entry becomes
    ``components/schemas/<Name>`` (an output class whose name an input class already
    uses becomes ``<Name>Output``), and each root's reference."""
    components: dict[str, Any] = {}
    roots: dict[str, dict[str, Any]] = {}
    input_names: set[str] = set()
    for what in (*_INPUT_ROOTS, *_OUTPUT_ROOTS):
        document = json_schema(what)
        defs: dict[str, Any] = document.get("$defs", {})
        output = what in _OUTPUT_ROOTS
        rename = {name: f"{name}Output" if output and name in input_names else name for name in defs}
        for name, body in defs.items():
            target = rename[name]
            moved = _rewrite_refs(body, rename)
            if target in components and components[target] != moved:
                raise RuntimeError(f"two different schemas are both named {target!r}")
            components[target] = moved
            if not output:
                input_names.add(name)
        root = {k: v for k, v in document.items() if k not in ("$schema", "$id", "$defs", "title")}
        roots[what] = _rewrite_refs(root, rename)
    return components, roots


def _rewrite_refs(node: Any, rename: Mapping[str, str]) -> Any:
    if isinstance(node, dict):
        result = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/"):
                name = value.removeprefix("#/$defs/")
                result[key] = f"#/components/schemas/{rename.get(name, name)}"
            else:
                result[key] = _rewrite_refs(value, rename)
        return result
    if isinstance(node, list):
        return [_rewrite_refs(item, rename) for item in node]
    return node


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _service_components(roots: Mapping[str, Any], max_batch: int) -> dict[str, Any]:
    nullable_int = {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]}
    failure_item = {"type": "object", "additionalProperties": False, "required": ["plugin", "hook", "error"],
                    "properties": {"plugin": {"type": "string"}, "hook": {"type": "string"},
                                   "error": {"type": "string"}, "index": {"type": "integer", "minimum": 0}}}
    counted = [*(verdict.value for verdict in Verdict), "input"]
    summary = {"type": "object", "additionalProperties": False, "required": counted,
               "properties": {k: {"type": "integer", "minimum": 0} for k in counted}}
    results = {"type": "array", "items": {"anyOf": [roots["report"], _ref("InputErrorResponse")]}}
    return {
        "FieldErrorItem": {
            "type": "object", "additionalProperties": False,
            "required": ["path", "code", "message", "line", "column"],
            "description": "One problem with one field; `path` locates it in the part of the body it belongs to, "
                           "`code` names the problem (stable; `message` is in the language asked for).",
            "properties": {"path": {"type": "string"},
                           "code": {"type": "string", "examples": [problem.name for problem in Problem]},
                           "message": {"type": "string"}, "line": nullable_int, "column": nullable_int},
        },
        "InputErrorResponse": {
            "type": "object", "additionalProperties": False, "required": ["error", "errors"],
            "properties": {"error": {"const": "input"},
                           "errors": {"type": "array", "items": _ref("FieldErrorItem"), "minItems": 1}},
        },
        "ErrorResponse": {
            "type": "object", "additionalProperties": False, "required": ["error", "message"],
            "properties": {
                "error": {"enum": ["malformed", "too_large", "timeout", "busy", "not_found", "method_not_allowed",
                                   "internal", "http"]},
                "message": {"type": "string"}, "request_id": {"type": "string"}, "path": {"type": "string"},
                "code": {"type": "string"}, "line": nullable_int, "column": nullable_int, "limit": {"type": "integer"},
            },
        },
        "ExamplesResponse": {
            "type": "object", "additionalProperties": False, "required": ["examples"],
            "description": "The bundled examples (the repository's `examples/`), as the playground lists them.",
            "properties": {"examples": {"type": "array", "items": {
                "type": "object", "additionalProperties": False, "required": ["name", "format", "kind", "title"],
                "properties": {"name": {"type": "string"}, "format": {"enum": ["yaml", "json"]},
                               "kind": {"enum": ["filing", "transfer"],
                                        "description": "`transfer`: the `transfer` part of a transfer request"},
                               "title": {"type": "string"}}}}},
        },
        "PluginFailureItem": failure_item,
        "PluginErrorResponse": {
            "type": "object", "additionalProperties": False, "required": ["error", "message", "failures"],
            "description": "A plugin failed: no conclusion may be drawn. `report` is the partial answer.",
            "properties": {
                "error": {"const": "plugin"}, "message": {"type": "string"},
                "failures": {"type": "array", "items": _ref("PluginFailureItem"), "minItems": 1},
                "report": {"anyOf": [roots["report"], roots["documents"], roots["decision"]]},
                "results": results, "summary": _ref("BatchSummary"),
            },
        },
        "CheckBatchRequest": {
            "type": "object", "additionalProperties": False, "required": ["filings"],
            "properties": {"filings": {"type": "array", "maxItems": max_batch, "items": roots["filing"]}},
        },
        "BatchSummary": summary,
        "CheckBatchResponse": {
            "type": "object", "additionalProperties": False, "required": ["results", "summary"],
            "description": "One result per filing, in order: a report, or the input errors of that filing.",
            "properties": {"results": results, "summary": _ref("BatchSummary")},
        },
        "ReplaySide": {
            "description": 'One side of a replay: "service" (this service\'s own plugins and profile), the name of '
                           "a profile in the service's ICP_PROFILES_DIR, or a deployment profile given inline "
                           "(name, plugins, serves, rules; its plugins must be ones this service loads). Plugin "
                           "folders are not accepted over HTTP.",
            "anyOf": [{"const": "service"}, {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"},
                      {"type": "object"}],
        },
        "ReplayRequest": {
            "type": "object", "additionalProperties": False, "required": ["filings"],
            "properties": {"filings": {"type": "array", "maxItems": max_batch, "items": {"type": "object"},
                                       "description": "Filings, each optionally with an `id` beside its fields."},
                           "baseline": _ref("ReplaySide"), "candidate": _ref("ReplaySide"),
                           "all": {"type": "boolean", "default": False,
                                   "description": "Answer every filing, not only the changed ones."}},
        },
        "ReplayResponse": {
            "type": "object", "additionalProperties": False, "required": ["summary", "changes"],
            "description": "What changes between the sides: the changed filings (and input errors) in order, "
                           "`line` being the index in `filings`, and the counts.",
            "properties": {"summary": roots["replay-summary"],
                           "changes": {"type": "array", "items": roots["replay-line"]}},
        },
        "ChangeBody": {
            "type": "object", "additionalProperties": False, "required": ["filing", "change"],
            "properties": {"filing": roots["filing"], "change": roots["change"]},
        },
        "TransferBody": {
            "type": "object", "additionalProperties": False, "required": ["filing", "transfer"],
            "properties": {"filing": roots["filing"],
                           "transfer": {"anyOf": [roots["transfer"], _ref("OriginalFiling")],
                                        "description": "A transfer request, or just the original filing."}},
        },
        "PluginInfo": {
            "type": "object", "additionalProperties": False,
            "required": ["name", "version", "scope", "entry_point", "rules", "replaces", "replaced_by",
                         "parameters"],
            "properties": {
                "name": {"type": "string"}, "version": {"type": "string"}, "scope": {"type": "string"},
                "entry_point": {"type": "string"}, "rules": {"type": "integer", "minimum": 0},
                "replaces": {"type": "array", "items": {"type": "string"}},
                "replaced_by": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "parameters": {"type": "array", "items": {"type": "string"},
                               "description": "rule.parameter=value of the tunable numbers in force"},
            },
        },
        "PluginsResponse": {
            "type": "object", "additionalProperties": False, "required": ["plugins", "problems", "coverage"],
            "properties": {"plugins": {"type": "array", "items": _ref("PluginInfo")},
                           "problems": {"type": "array", "items": {"type": "string"}},
                           "coverage": {"type": "array", "items": _ref("Coverage"),
                                        "description": "Every scope of the guide and the plugin covering it."}},
        },
        "HealthResponse": {"type": "object", "additionalProperties": False, "required": ["status"],
                           "properties": {"status": {"const": "ok"}}},
        "ReadinessResponse": {
            "type": "object", "additionalProperties": False, "required": ["status", "problems", "uncovered"],
            "description": "Ready: every plugin loaded and every scope the deployment serves is covered.",
            "properties": {"status": {"enum": ["ready", "starting", "not_ready"]},
                           "plugins": {"type": "integer", "minimum": 0},
                           "problems": {"type": "array", "items": {"type": "string"}},
                           "uncovered": {"type": "array", "items": _ref("Coverage")}},
        },
    }


def openapi_document(*, max_batch: int = DEFAULT_MAX_BATCH,
                     max_body_bytes: int = DEFAULT_MAX_BODY_BYTES) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the service, built from the model's JSON Schemas."""
    from icp_core import __version__

    schemas, roots = _model_components()
    schemas.update(_service_components(roots, max_batch))

    def content(schema: Any) -> dict[str, Any]:
        return {"application/json": {"schema": schema}}

    def reply(description: str, schema: Any) -> dict[str, Any]:
        return {"description": description, "headers": {"X-Request-ID": {"$ref": "#/components/headers/RequestId"}},
                "content": content(schema)}

    errors = {
        "400": {"$ref": "#/components/responses/Malformed"},
        "408": {"$ref": "#/components/responses/Timeout"},
        "413": {"$ref": "#/components/responses/TooLarge"},
        "422": {"$ref": "#/components/responses/InputError"},
        "500": {"$ref": "#/components/responses/Internal"},
        "503": {"$ref": "#/components/responses/Busy"},
    }
    common = [{"$ref": "#/components/parameters/AcceptLanguage"}, {"$ref": "#/components/parameters/RequestId"}]
    on = [{"$ref": "#/components/parameters/On"}]
    complete = [{"$ref": "#/components/parameters/RequireComplete"}]
    explain = [{"$ref": "#/components/parameters/Explain"}]
    plugin_failed = reply("A plugin failed; the body names the plugins and hooks. Never a pass.",
                          _ref("PluginErrorResponse"))

    def post(operation_id: str, summary: str, description: str, request: Any, ok: Any,
             parameters: list[Any]) -> dict[str, Any]:
        return {"post": {
            "operationId": operation_id, "summary": summary, "description": description,
            "parameters": parameters + common,
            "requestBody": {"required": True, "content": {
                **content(request),
                # The same value written as YAML: errors then carry the line and column. Only the
                # registered type is listed (text/yaml is read too): schemathesis fuzzes each one listed.
                YAML_MEDIA_TYPES[0]: {"schema": request},
            }},
            "responses": {"200": reply("The answer (whatever the verdict).", ok), "502": plugin_failed, **errors},
        }}

    def get(operation_id: str, summary: str, ok: Any, extra: Mapping[str, Any] | None = None,
            parameters: list[Any] | None = None) -> dict[str, Any]:
        responses: dict[str, Any] = {"200": reply("OK", ok), "500": errors["500"], **(extra or {})}
        return {"get": {"operationId": operation_id, "summary": summary, "parameters": (parameters or []) + common,
                        "responses": responses}}

    def text_reply(description: str, *media_types: str) -> dict[str, Any]:
        return {"description": description, "headers": {"X-Request-ID": {"$ref": "#/components/headers/RequestId"}},
                "content": {media: {"schema": {"type": "string"}} for media in media_types}}

    def page(operation_id: str, summary: str) -> dict[str, Any]:
        return {"get": {"operationId": operation_id, "summary": summary, "parameters": common,
                        "responses": {"200": text_reply("The page.", "text/html"), "500": errors["500"]}}}

    paths: dict[str, Any] = {
        "/v1/check": post("check", "Check a filing",
                          "The body is the filing itself. The report is the same JSON as `icp check --format json`.",
                          roots["filing"], roots["report"], on + complete + explain),
        "/v1/check:batch": post("checkBatch", "Check several filings",
                                f"Up to {max_batch} filings; results come back in order, each a report or the "
                                "input errors of that filing (paths relative to the filing).",
                                _ref("CheckBatchRequest"), _ref("CheckBatchResponse"), on + complete + explain),
        "/v1/documents": post("documents", "Documents a filing must upload",
                              "The body is the filing itself.", roots["filing"], roots["documents"], on),
        "/v1/change": post("change", "May the filing be changed as requested?",
                           "Error paths start with `filing.` or `change.`.", _ref("ChangeBody"),
                           roots["decision"], on),
        "/v1/transfer": post("transfer", "May a filing on record elsewhere be transferred in?",
                             "Error paths start with `filing.` or `transfer.`.", _ref("TransferBody"),
                             roots["decision"], on),
        "/v1/replay": post("replay", "What changes for these filings under another policy?",
                           f"Up to {max_batch} filings checked under two sides (profiles; see ReplaySide); the "
                           "answer lists the filings whose verdict, rules or documents change, with a summary. "
                           "`summary.no_longer_pass` counts the filings that pass under the baseline only.",
                           _ref("ReplayRequest"), _ref("ReplayResponse"), on + complete),
        "/v1/plugins": get("plugins", "Installed plugins and load problems", _ref("PluginsResponse")),
        "/v1/schema/{what}": get("schema", "JSON Schema of an input or an output", {"type": "object"},
                                 {"404": {"$ref": "#/components/responses/NotFound"}},
                                 [{"name": "what", "in": "path", "required": True,
                                   "schema": {"enum": list(SCHEMAS)}}]),
        "/v1/examples": get("examples", "The bundled examples", _ref("ExamplesResponse")),
        "/v1/examples/{name}": {"get": {
            "operationId": "example", "summary": "One bundled example, as its file has it (YAML or JSON)",
            "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}},
                           *common],
            "responses": {"200": text_reply("The example's text.", "application/yaml", "application/json"),
                          "404": {"$ref": "#/components/responses/NotFound"}, "500": errors["500"]}}},
        "/": page("playground", "The playground page (HTML): try the service in a browser"),
        "/playground/": page("playgroundPage", "The playground page again, beside its assets"),
        "/playground/{asset}": {"get": {
            "operationId": "playgroundAsset", "summary": "The page's script and style sheet",
            "parameters": [{"name": "asset", "in": "path", "required": True,
                            "schema": {"enum": ["playground.js", "playground.css"]}}, *common],
            "responses": {"200": text_reply("The asset.", "text/javascript", "text/css"),
                          "404": {"$ref": "#/components/responses/NotFound"}, "500": errors["500"]}}},
        "/healthz": get("healthz", "The process is alive", _ref("HealthResponse")),
        "/readyz": get("readyz", "The engine is loaded and no plugin has a problem", _ref("ReadinessResponse"),
                       {"503": reply("Starting, or a plugin cannot load (problems listed).",
                                     _ref("ReadinessResponse"))}),
        "/openapi.json": get("openapi", "This document", {"type": "object"}),
    }
    error_reply = _ref("ErrorResponse")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "icp-filing",
            "version": __version__,
            "summary": "Checks a China ICP filing (备案) before it is submitted.",
            "description": "Messages follow Accept-Language (zh → Simplified Chinese, otherwise English). "
                           f"Bodies are limited to {max_body_bytes} bytes. A body is read as JSON unless its "
                           "Content-Type is application/yaml (or text/yaml): then it is read as YAML, and "
                           "input errors carry the line and column they are about.",
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": {
                "On": {"name": "on", "in": "query", "required": False,
                       "description": "Evaluate the rules as of this day (default: the filing's evaluated_on, "
                                      "else today in China).", "schema": {"type": "string", "format": "date"}},
                "RequireComplete": {"name": "require_complete", "in": "query", "required": False,
                                    "description": "Missing information becomes a 422 listing the missing paths.",
                                    "schema": {"type": "boolean", "default": False}},
                "Explain": {"name": "explain", "in": "query", "required": False,
                            "description": "Give each finding the title of its cited section of the guide "
                                           "(`section`); every finding has its `remedy` either way.",
                            "schema": {"type": "boolean", "default": False}},
                "AcceptLanguage": {"name": "Accept-Language", "in": "header", "required": False,
                                   "description": "zh, zh-CN … for Chinese messages; English otherwise.",
                                   "schema": {"type": "string"}},
                "RequestId": {"name": "X-Request-ID", "in": "header", "required": False,
                              "description": f"Kept if made of A-Z a-z 0-9 . _ : - (other characters dropped, "
                                             f"at most {_REQUEST_ID_MAX}); generated otherwise.",
                              "schema": {"type": "string"}},
            },
            "headers": {"RequestId": {"description": "The request id (also in the access log).",
                                      "schema": {"type": "string"}}},
            "responses": {
                "Malformed": reply("The body is not JSON (or YAML, with a YAML Content-Type), or not an object, "
                                   "or holds a lone surrogate (`path` says where); or both Content-Length and "
                                   "Transfer-Encoding.", error_reply),
                "Timeout": reply("The body did not arrive within the body timeout.", error_reply),
                "TooLarge": reply("The body, the batch or the answer is over its limit.", error_reply),
                "Busy": {**reply("Every check thread is busy and the queue is full: retry after `Retry-After` "
                                 "seconds.", error_reply),
                         "headers": {"X-Request-ID": {"$ref": "#/components/headers/RequestId"},
                                     "Retry-After": {"description": "Seconds to wait before retrying.",
                                                     "schema": {"type": "integer", "minimum": 1}}}},
                "InputError": reply("The input cannot be read: every problem with its path.",
                                    _ref("InputErrorResponse")),
                "NotFound": reply("No such resource.", error_reply),
                "Internal": reply("Unexpected error; the body has the request id.", error_reply),
            },
        },
    }

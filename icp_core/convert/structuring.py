"""The one cattrs converter: strict types, unknown keys refused, every error collected
with its path, and each error's problem said in both languages."""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import re
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from icp_core.convert.checks import bounds_problems, is_blank, validate
from icp_core.convert.compiled import fast_structure
from icp_core.convert.limits import DEFAULT_LIMITS, NUMBER_BOUND, Limits
from icp_core.convert.text import KEY_MARK, Positions, join_path
from icp_core.errors import FieldError, InputError
from icp_core.privacy import redact_text
from icp_core.problems import Problem, Said, kind_of, said_of
from icp_core.provinces import Province
from icp_core.vocabulary import normal_key

T = TypeVar("T")



def _not_text(value: object) -> ValueError:
    if type(value) is int or type(value) is float:
        # An ID, certificate or phone number typed without quotes reads as a number (and
        # loses leading zeros or a final X): say how to write it as text.
        return ValueError(Problem.not_text_quote(got=kind_of(value)))
    return ValueError(Problem.not_text(got=kind_of(value)))


def _strict_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _not_text(value)
    if is_blank(value):
        raise ValueError(Problem.blank())
    return value


def _optional_str(value: object, _: type) -> str | None:
    """A value that may be left out: blank text counts as left out, the same for every
    rule and hook (a name of spaces, U+3000 or a zero-width space is no name)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise _not_text(value)
    return None if is_blank(value) else value


def _strict_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValueError(Problem.not_bool(got=kind_of(value)))
    return value


def _strict_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(Problem.not_whole_number(got=kind_of(value)))
    if not -NUMBER_BOUND < value < NUMBER_BOUND:  # from a mapping built by any JSON parser
        raise ValueError(Problem.out_of_range())
    return value


def _strict_float(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(Problem.not_number(got=kind_of(value)))
    if not abs(value) < NUMBER_BOUND:  # json.loads reads 1e999 as infinity (and NaN fails this too)
        raise ValueError(Problem.out_of_range())
    return float(value)


def _decimal(value: object, _: type) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(Problem.not_number(got=kind_of(value)))
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(Problem.not_number_plain()) from None
    if not result.is_finite():
        raise ValueError(Problem.not_finite())
    if not -NUMBER_BOUND < result < NUMBER_BOUND:  # "1e999999" as text is finite, and as absurd
        raise ValueError(Problem.out_of_range())
    return result


def _date(value: object, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
        shape = _ISO_DATE_SHAPE.match(value.strip())
        if shape:  # the right shape, but no day of the calendar: say which part is wrong, in words
            # (the value itself is a digit run that the redactor would mask beyond recognition)
            year, month, day = (int(part) for part in shape.groups())
            if not 1 <= month <= 12:
                raise ValueError(Problem.no_such_month(month=month)) from None
            raise ValueError(Problem.no_such_day(month=month, year=year, day=day)) from None
        raise ValueError(Problem.not_date_value(got=_shown_value(value))) from None
    raise ValueError(Problem.not_date_value(got=kind_of(value)))


_ISO_DATE_SHAPE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})$")


def _shown_value(value: str) -> str:
    return repr(redact_text(value if len(value) <= 40 else value[:37] + "…"))


def _province(value: object, _: type) -> Province:
    return Province.parse(value)


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    allowed = ", ".join(str(member.value) for member in cls)

    def structure(value: object, _: type) -> enum.Enum:
        try:
            return cls(value)
        except ValueError:
            pass
        # Keys are normalised one way everywhere: case, blanks, full-width forms, hyphens.
        if isinstance(value, str):
            try:
                return cls(normal_key(value))
            except ValueError:
                pass
        # Masked before repr: its escapes (``\t``) would split a number so that no mask finds it.
        shown: object = repr(redact_text(value)) if isinstance(value, str) and len(value) < 40 else kind_of(value)
        near = difflib.get_close_matches(normal_key(value), [str(m.value) for m in cls], n=2, cutoff=0.6) \
            if isinstance(value, str) else []
        if near:
            raise ValueError(Problem.not_one_of_near(given=shown, allowed=allowed, near=" or ".join(near)))
        raise ValueError(Problem.not_one_of(given=shown, allowed=allowed))

    return structure


def _is_homogeneous_collection(tp: Any) -> bool:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (list, frozenset, set):
        return len(args) == 1
    return origin is tuple and len(args) == 2 and args[1] is Ellipsis


def _collection_hook(converter: cattrs.Converter, tp: Any) -> Callable[[object, type], Any]:
    """Lists, tuples and sets of the model: only a list is accepted (a text would be read
    as its characters, a mapping as its keys); each item is structured, every item's error
    collected with its index, as cattrs does."""
    origin = typing.get_origin(tp)
    item_type = typing.get_args(tp)[0]
    make: Callable[[list[Any]], Any] = {list: list, tuple: tuple, frozenset: frozenset, set: set}[origin]

    def structure(value: object, _: type) -> Any:
        if not isinstance(value, (list, tuple)):
            raise ValueError(Problem.not_a_list(got=kind_of(value)))
        item_hook = converter.get_structure_hook(item_type)
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(item_hook(item, item_type))
            except Exception as exc:
                exc.__notes__ = [*getattr(exc, "__notes__", []),
                                 IterableValidationNote(f"Structuring {tp!r} @ index {index}", index, item_type)]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
        return make(items)

    return structure


def _is_set_type(tp: Any) -> bool:
    return tp is frozenset or typing.get_origin(tp) is frozenset


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook_func(lambda tp: tp == (str | None), _optional_str)
    converter.register_structure_hook_factory(_is_homogeneous_collection,
                                              lambda tp: _collection_hook(converter, tp))
    converter.register_structure_hook(bool, _strict_bool)
    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook(float, _strict_float)
    converter.register_structure_hook(Decimal, _decimal)
    converter.register_structure_hook(dt.date, _date)
    # Enums are dispatched by class; the most specific class wins over the ``str`` hook
    # above, so every ``str``-based enum of the model is registered by name.
    from icp_core import model, report

    for module in (model, report):
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, enum.Enum)
                    and value.__module__.startswith(module.__name__)):
                converter.register_structure_hook(value, _enum_hook(value))
    converter.register_structure_hook(Province, _province)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_unstructure_hook(Decimal, str)
    # Sets become sorted lists, whether the field says ``frozenset`` or ``frozenset[str]``:
    # unstructured data must load back (a collection is accepted as a list only).
    converter.register_unstructure_hook_func(_is_set_type, lambda s: sorted(s))
    return converter


#: The one converter: strict types, unknown keys refused, every error collected.
converter = _make_converter()


def structure(data: object, cls: type[T], *, source: str | None = None, positions: Positions | None = None,
              limits: Limits = DEFAULT_LIMITS) -> T:
    """Structure plain data into ``cls``; raise ``InputError`` listing every problem.

    Plainly valid data takes the compiled fast path (one walk, no error context); any
    other data takes the detailed path, which names every problem."""
    fast = fast_structure(data, cls, limits)
    if fast is not None:
        return fast
    return structure_detailed(data, cls, source=source, positions=positions, limits=limits)


def structure_detailed(data: object, cls: type[T], *, source: str | None = None, positions: Positions | None = None,
                       limits: Limits = DEFAULT_LIMITS) -> T:
    """The detailed path of :func:`structure`: bounds walk, cattrs with detailed validation,
    then the checks; every problem named with its path."""
    if not isinstance(data, Mapping):
        raise InputError([FieldError("", Problem.not_mapping_at_top(got=kind_of(data)))], source)
    too_much = bounds_problems(data, limits)
    if too_much:
        raise InputError([locate_error(path, message, positions) for path, message in too_much], source)
    try:
        result = converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError, ForbiddenExtraKeysError) as exc:
        errors = [locate_error(path, message, positions) for path, message in flatten(exc, "")]
        raise InputError(sorted(errors, key=lambda e: (e.line or 0, e.path)), source) from None
    except (ValueError, TypeError) as exc:
        raise InputError([locate_error("", said_of(exc), positions)], source) from None
    problems = validate(result, "", limits)
    if problems:
        raise InputError([locate_error(path, message, positions) for path, message in problems], source)
    return result



def locate_error(path: str, message: Said, positions: Positions | None) -> FieldError:
    if positions:
        if message.code.startswith("unknown_key") and path + KEY_MARK in positions:
            line, column = positions[path + KEY_MARK]
            return FieldError(path, message, line, column)
        probe = path
        while probe not in positions and probe:
            parent = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", probe)
            probe = parent if parent != probe else ""  # a top-level key: its parent is the document
        if probe in positions:
            line, column = positions[probe]
            return FieldError(path, message, line, column)
    return FieldError(path, message)


def unknown_key_message(key: str, fields: list[str]) -> Said:
    """``unknown key``, with the nearest field names, else every field the mapping accepts."""
    near = difflib.get_close_matches(normal_key(key), fields, n=2, cutoff=0.6)
    if near:
        return Problem.unknown_key_near(near=" or ".join(near))
    return Problem.unknown_key_accepted(fields=", ".join(fields)) if fields else Problem.unknown_key()


def flatten(exc: BaseException, path: str) -> list[tuple[str, Said]]:
    """Turn cattrs' nested exception groups into ``(path, message)`` pairs."""
    if isinstance(exc, ForbiddenExtraKeysError):
        fields = [f.name for f in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        # Keys of a mapping from Python may be of any type (an int): named by their text.
        return [(join_path(path, key), unknown_key_message(str(key), fields))
                for key in sorted(exc.extra_fields, key=str)]
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        found: list[tuple[str, Said]] = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            name = getattr(note, "name", None)
            index = getattr(note, "index", None)
            if isinstance(name, str):
                child = join_path(path, name)
            elif isinstance(index, (int, str)):  # a list's index, or a mapping's key (a change cell)
                child = join_path(path, index)
            else:
                child = path
            found.extend(flatten(sub, child))
        for sub in without:
            found.extend(flatten(sub, path))
        return found
    if isinstance(exc, KeyError):
        return [(path, Problem.missing())]
    return [(path, said_of(exc))]


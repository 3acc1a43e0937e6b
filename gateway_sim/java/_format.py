"""Java ``String.format`` (java.util.Formatter) subset for loggers and scripts.

Supports ``%s %S %d %x %X %o %f %e %g %b %c %n %%``, flags ``-#+ 0,(``, width,
precision and explicit indexes (``%1$s``). ``{}`` placeholders are NOT
substituted (that is SLF4J, not ``infof``). Errors are Java-style
(``java.util.MissingFormatArgumentException`` etc.). Single-source 2.7/3.x.
May import: the standard library and ``gateway_sim.java.lang``.
"""
from __future__ import absolute_import, division, print_function

import decimal
import re

from gateway_sim._compat import integer_types, string_types, text_type
from gateway_sim.java.lang import IllegalArgumentException

_SPEC = re.compile(r"%(\d+\$|<)?([-#+ 0,(]*)(\d+)?(\.\d+)?([a-zA-Z%])")


class IllegalFormatException(IllegalArgumentException):
    _java_name = "java.util.IllegalFormatException"


class MissingFormatArgumentException(IllegalFormatException):
    _java_name = "java.util.MissingFormatArgumentException"


class UnknownFormatConversionException(IllegalFormatException):
    _java_name = "java.util.UnknownFormatConversionException"


class IllegalFormatConversionException(IllegalFormatException):
    _java_name = "java.util.IllegalFormatConversionException"


def _java_str(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    to_string = getattr(v, "toString", None)
    if callable(to_string) and not isinstance(v, string_types):
        try:
            return text_type(to_string())
        except TypeError:
            pass
    return text_type(v)


def java_format(fmt, args):
    """Format ``fmt`` with ``args`` (a sequence) like Java's ``String.format``."""
    if fmt is None:
        raise IllegalArgumentException("format string is null")
    fmt = text_type(fmt)
    args = list(args)
    out = []
    pos = 0
    ordinary = [0]
    last = [None]

    def take(index):
        if index is None:
            i = ordinary[0]
            ordinary[0] += 1
        elif index == "<":
            if last[0] is None:
                raise MissingFormatArgumentException("Format specifier '%<s'")
            i = last[0]
        else:
            i = int(index[:-1]) - 1
        if i < 0 or i >= len(args):
            raise MissingFormatArgumentException("Format specifier '%s'" % spec_text)
        last[0] = i
        return args[i]

    for m in _SPEC.finditer(fmt):
        out.append(fmt[pos:m.start()])
        pos = m.end()
        index, flags, width, prec, conv = m.groups()
        spec_text = m.group(0)
        if conv == "%":
            out.append(_pad("%", flags, width))
            continue
        if conv == "n":
            out.append("\n")
            continue
        lower = conv.lower()
        if lower not in "sdxofegbch":
            raise UnknownFormatConversionException("Conversion = '%s'" % conv)
        v = take(index)
        if lower == "s":
            s = _java_str(v)
            if prec:
                s = s[:int(prec[1:])]
        elif lower == "b":
            s = "false" if (v is None or v is False) else "true"
        elif lower == "h":
            s = "null" if v is None else "%x" % (hash(v) & 0xFFFFFFFF)
        elif lower == "c":
            if isinstance(v, integer_types) and not isinstance(v, bool):
                s = _unichr(v)
            elif isinstance(v, string_types) and len(v) == 1:
                s = v
            else:
                raise IllegalFormatConversionException("c != %s" % _type_name(v))
        elif lower in "dxo":
            if v is None:
                s = "null"
            elif not isinstance(v, integer_types) or isinstance(v, bool):
                raise IllegalFormatConversionException("%s != %s" % (conv, _type_name(v)))
            elif lower == "d":
                s = _int_text(v, flags)
            else:
                s = ("%" + ("#" if "#" in flags else "") + lower) % v
        else:  # f e g
            if v is None:
                s = "null"
            elif isinstance(v, bool) or not isinstance(v, integer_types + (float,)):
                if hasattr(v, "__float__") and not isinstance(v, string_types):
                    v = float(v)
                else:
                    raise IllegalFormatConversionException("%s != %s" % (conv, _type_name(v)))
            if isinstance(v, integer_types):
                raise IllegalFormatConversionException("%s != java.lang.Integer" % conv)
            if v is not None:
                p = int(prec[1:]) if prec else 6
                s = _float_text(float(v), lower, p, flags)
        if conv.isupper():
            s = s.upper()
        out.append(_pad(s, flags, width))
    out.append(fmt[pos:])
    return "".join(out)


def _unichr(i):
    try:
        return unichr(i)  # noqa: F821
    except NameError:
        return chr(i)


def _type_name(v):
    if isinstance(v, string_types):
        return "java.lang.String"
    if isinstance(v, float):
        return "java.lang.Double"
    if isinstance(v, bool):
        return "java.lang.Boolean"
    if isinstance(v, integer_types):
        return "java.lang.Integer"
    return type(v).__name__


def _int_text(v, flags):
    s = "{0:,}".format(abs(v)) if "," in flags else "%d" % abs(v)
    return _sign(s, v < 0, flags)


def _float_text(v, conv, p, flags):
    if v != v:
        return "NaN"
    if v in (float("inf"), float("-inf")):
        return ("-" if v < 0 else ("+" if "+" in flags else "")) + "Infinity"
    if conv == "f":
        # Java rounds the shortest decimal form HALF_UP (1.25 -> 1.3, 1.005 -> 1.01)
        d = decimal.Decimal(repr(abs(v))).quantize(decimal.Decimal(1).scaleb(-p),
                                                   rounding=decimal.ROUND_HALF_UP)
        s = ("{0:,.%df}" % p).format(d) if "," in flags else ("{0:.%df}" % p).format(d)
    elif conv == "e":
        s = "%.*e" % (p, abs(v))
    else:
        s = "%.*g" % (max(p, 1), abs(v))
    return _sign(s, v < 0, flags)


def _sign(s, neg, flags):
    if neg:
        return "(" + s + ")" if "(" in flags else "-" + s
    if "+" in flags:
        return "+" + s
    if " " in flags:
        return " " + s
    return s


def _pad(s, flags, width):
    if not width:
        return s
    w = int(width)
    if len(s) >= w:
        return s
    if "-" in flags:
        return s + " " * (w - len(s))
    if "0" in flags and s[:1] in "+- (0123456789":
        sign = s[0] if s[0] in "+- (" else ""
        body = s[len(sign):]
        return sign + "0" * (w - len(s)) + body
    return " " * (w - len(s)) + s

"""Colors functions (color, brighter, darker, gradient) and the toColor cast.

Values are ``Color`` objects shaped like ``java.awt.Color`` (``getRed()``,
``getGreen()``, ``getBlue()``, ``getAlpha()``, ``getRGB()``, ``brighter()``,
``darker()``; text ``java.awt.Color[r=..,g=..,b=..]``). The manual (Colors and
Type Casting pages) says these functions were designed for Vision bindings; an
expression tag still evaluates them (a gateway runs the same expression
language), so a tag can compute a color and pass it on (``toHex(color)``).

``brighter``/``darker`` follow ``java.awt.Color``'s rule (factor 0.7; the manual's
examples: ``brighter(color(100,150,250))`` is (142,214,255), ``darker`` of it
(70,105,175)). ``gradient(value, low, high, lowColor, highColor)`` mixes the two
colors by ``(value - low) / (high - low)``. ``toColor(value[, failover])`` reads a
color name (case-insensitive), a hex string with or without ``#`` (``RRGGBB`` or
``RRGGBBAA``) or 3-4 integers with any non-digit separators (``"(0,0,0)"``,
``"23-99-203"``, ``"[255,255,33,127]"``), as the manual's toColor page lists.
Unverified choices: the percentage of ``gradient`` is clamped to 0..1 and each
channel (alpha too) is rounded half up; a ``color()`` argument outside 0..255 is
an error (as ``java.awt.Color``'s constructor); the manual's table of color names
was not available, so the names are the CSS/X11 web colors plus ``clear``
(transparent); an 8-digit hex string is read as RRGGBBAA (the order ``toHex(color)``
prints, per the manual's String page).
May import: stdlib and siblings.
"""
from __future__ import absolute_import, division, print_function

import math
import re

from gateway_sim._compat import string_types, text_type
from gateway_sim.expression.ast import ExprError, _num

_FACTOR = 0.7


class Color(object):
    """An sRGB color with alpha, like ``java.awt.Color`` (immutable)."""

    __slots__ = ("_r", "_g", "_b", "_a")

    def __init__(self, r, g, b, a=255):
        for name, v in (("red", r), ("green", g), ("blue", b), ("alpha", a)):
            if not 0 <= v <= 255:
                raise ExprError("color(): %s %d is outside 0-255" % (name, v))
        self._r, self._g, self._b, self._a = int(r), int(g), int(b), int(a)

    def getRed(self):
        return self._r

    def getGreen(self):
        return self._g

    def getBlue(self):
        return self._b

    def getAlpha(self):
        return self._a

    def getRGB(self):
        """ARGB packed in a signed 32-bit int, as Java returns it."""
        v = (self._a << 24) | (self._r << 16) | (self._g << 8) | self._b
        return v - (1 << 32) if v >= (1 << 31) else v

    def brighter(self):
        r, g, b = self._r, self._g, self._b
        least = int(1.0 / (1.0 - _FACTOR))
        if r == 0 and g == 0 and b == 0:
            return Color(least, least, least, self._a)
        r, g, b = [least if 0 < c < least else c for c in (r, g, b)]
        return Color(min(int(r / _FACTOR), 255), min(int(g / _FACTOR), 255),
                     min(int(b / _FACTOR), 255), self._a)

    def darker(self):
        return Color(max(int(self._r * _FACTOR), 0), max(int(self._g * _FACTOR), 0),
                     max(int(self._b * _FACTOR), 0), self._a)

    def _key(self):
        return (self._r, self._g, self._b, self._a)

    def __eq__(self, other):
        return isinstance(other, Color) and self._key() == other._key()

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self._key())

    def __str__(self):
        return "java.awt.Color[r=%d,g=%d,b=%d]" % (self._r, self._g, self._b)

    def __unicode__(self):
        return text_type(self.__str__())

    __repr__ = __str__


def _channel(v, fn, name):
    if v is None:
        raise ExprError("%s(): %s is null" % (fn, name))
    return int(_num(v, fn))


def _color(ctx, red, green, blue, alpha=255):
    return Color(_channel(red, "color", "red"), _channel(green, "color", "green"),
                 _channel(blue, "color", "blue"), _channel(alpha, "color", "alpha"))


def _need_color(v, fn):
    if isinstance(v, Color):
        return v
    if isinstance(v, string_types):
        return parse_color(v, fn)
    raise ExprError("%s(): needs a color (color(r, g, b) or toColor(text)), got %r" % (fn, v))


def _brighter(ctx, c):
    return _need_color(c, "brighter").brighter()


def _darker(ctx, c):
    return _need_color(c, "darker").darker()


def _gradient(ctx, value, low, high, low_color, high_color):
    v, lo, hi = [float(_num(x, "gradient")) for x in (value, low, high)]
    a, b = _need_color(low_color, "gradient"), _need_color(high_color, "gradient")
    pct = 0.0 if hi == lo else (v - lo) / (hi - lo)
    pct = min(max(pct, 0.0), 1.0)

    def mix(x, y):
        return int(math.floor(x + (y - x) * pct + 0.5))
    return Color(mix(a._r, b._r), mix(a._g, b._g), mix(a._b, b._b), mix(a._a, b._a))


# CSS / X11 web color names (see the module docstring: unverified against Ignition's table).
_NAMES = dict(
    aliceblue="F0F8FF", antiquewhite="FAEBD7", aqua="00FFFF", aquamarine="7FFFD4",
    azure="F0FFFF", beige="F5F5DC", bisque="FFE4C4", black="000000",
    blanchedalmond="FFEBCD", blue="0000FF", blueviolet="8A2BE2", brown="A52A2A",
    burlywood="DEB887", cadetblue="5F9EA0", chartreuse="7FFF00", chocolate="D2691E",
    coral="FF7F50", cornflowerblue="6495ED", cornsilk="FFF8DC", crimson="DC143C",
    cyan="00FFFF", darkblue="00008B", darkcyan="008B8B", darkgoldenrod="B8860B",
    darkgray="A9A9A9", darkgrey="A9A9A9", darkgreen="006400", darkkhaki="BDB76B",
    darkmagenta="8B008B", darkolivegreen="556B2F", darkorange="FF8C00", darkorchid="9932CC",
    darkred="8B0000", darksalmon="E9967A", darkseagreen="8FBC8F", darkslateblue="483D8B",
    darkslategray="2F4F4F", darkslategrey="2F4F4F", darkturquoise="00CED1",
    darkviolet="9400D3", deeppink="FF1493", deepskyblue="00BFFF", dimgray="696969",
    dimgrey="696969", dodgerblue="1E90FF", firebrick="B22222", floralwhite="FFFAF0",
    forestgreen="228B22", fuchsia="FF00FF", gainsboro="DCDCDC", ghostwhite="F8F8FF",
    gold="FFD700", goldenrod="DAA520", gray="808080", grey="808080", green="008000",
    greenyellow="ADFF2F", honeydew="F0FFF0", hotpink="FF69B4", indianred="CD5C5C",
    indigo="4B0082", ivory="FFFFF0", khaki="F0E68C", lavender="E6E6FA",
    lavenderblush="FFF0F5", lawngreen="7CFC00", lemonchiffon="FFFACD", lightblue="ADD8E6",
    lightcoral="F08080", lightcyan="E0FFFF", lightgoldenrodyellow="FAFAD2",
    lightgray="D3D3D3", lightgrey="D3D3D3", lightgreen="90EE90", lightpink="FFB6C1",
    lightsalmon="FFA07A", lightseagreen="20B2AA", lightskyblue="87CEFA",
    lightslategray="778899", lightslategrey="778899", lightsteelblue="B0C4DE",
    lightyellow="FFFFE0", lime="00FF00", limegreen="32CD32", linen="FAF0E6",
    magenta="FF00FF", maroon="800000", mediumaquamarine="66CDAA", mediumblue="0000CD",
    mediumorchid="BA55D3", mediumpurple="9370DB", mediumseagreen="3CB371",
    mediumslateblue="7B68EE", mediumspringgreen="00FA9A", mediumturquoise="48D1CC",
    mediumvioletred="C71585", midnightblue="191970", mintcream="F5FFFA", mistyrose="FFE4E1",
    moccasin="FFE4B5", navajowhite="FFDEAD", navy="000080", oldlace="FDF5E6", olive="808000",
    olivedrab="6B8E23", orange="FFA500", orangered="FF4500", orchid="DA70D6",
    palegoldenrod="EEE8AA", palegreen="98FB98", paleturquoise="AFEEEE",
    palevioletred="DB7093", papayawhip="FFEFD5", peachpuff="FFDAB9", peru="CD853F",
    pink="FFC0CB", plum="DDA0DD", powderblue="B0E0E6", purple="800080",
    rebeccapurple="663399", red="FF0000", rosybrown="BC8F8F", royalblue="4169E1",
    saddlebrown="8B4513", salmon="FA8072", sandybrown="F4A460", seagreen="2E8B57",
    seashell="FFF5EE", sienna="A0522D", silver="C0C0C0", skyblue="87CEEB",
    slateblue="6A5ACD", slategray="708090", slategrey="708090", snow="FFFAFA",
    springgreen="00FF7F", steelblue="4682B4", tan="D2B48C", teal="008080", thistle="D8BFD8",
    tomato="FF6347", turquoise="40E0D0", violet="EE82EE", wheat="F5DEB3", white="FFFFFF",
    whitesmoke="F5F5F5", yellow="FFFF00", yellowgreen="9ACD32", clear="FFFFFF00",
)

_HEX_RE = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_DIGITS_RE = re.compile(r"\d+")


def _from_hex(h):
    parts = [int(h[i:i + 2], 16) for i in range(0, len(h), 2)]
    return Color(*parts)


def parse_color(value, fn="toColor"):
    """The color a text names (see the module docstring); ExprError if none."""
    s = text_type(value).strip()
    name = _NAMES.get(s.lower().replace(" ", ""))
    if name is not None:
        return _from_hex(name)
    m = _HEX_RE.match(s)
    if m is not None:
        return _from_hex(m.group(1))
    nums = [int(n) for n in _DIGITS_RE.findall(s)]
    if len(nums) in (3, 4) and all(0 <= n <= 255 for n in nums):
        return Color(*nums)
    raise ExprError("%s(%r): not a color; use a color name, a hex string such as "
                    "\"#FF0000\" or 3-4 numbers such as \"255,0,0\"" % (fn, value))


_MISSING = object()


def _to_color(ctx, value, failover=_MISSING):
    try:
        if value is None:
            raise ExprError("toColor(null): no value to cast")
        if isinstance(value, Color):
            return value
        if not isinstance(value, string_types):
            raise ExprError("toColor(%r): needs a text (a color name, hex or \"r,g,b\")" % (value,))
        return parse_color(value)
    except ExprError:
        if failover is not _MISSING:
            return failover
        raise


FUNCTIONS = {
    "color": _color,
    "brighter": _brighter,
    "darker": _darker,
    "gradient": _gradient,
    "tocolor": _to_color,
}

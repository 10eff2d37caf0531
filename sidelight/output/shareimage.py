"""A claim's share image: the 1200×630 PNG a link preview shows (og:image), drawn from its
card (`pages/share.py`) alone.

What it shows, top to bottom: the site's name; the claim (bold, up to three lines); the
rating as a badge with its glyph (the same glyph per tone as the pages' badges, so the
rating reads without colour) beside the meter (five marks, the rating's own filled, raised
and pointed at); the one-sentence verdict (up to three lines); the outlets that covered
it, each with its fidelity's symbol and label. Text that does not fit is cut at a word
and ends with "…".

The same card gives the same bytes on any machine: the typeface is shipped with the code
(DejaVu Sans, `fonts/`, which covers Latin, Cyrillic and Greek), text is laid out by
Pillow's own basic layout (not by whichever libraqm the machine has), and the PNG carries
no metadata (no time, no software name).
"""

from __future__ import annotations

import io
import re
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from sidelight.pages.share import ShareCard

WIDTH, HEIGHT = 1200, 630
FONTS = Path(__file__).resolve().parent / "fonts"
MARGIN = 64
TONES = {"4": "#16713a", "3": "#3c6e17", "2": "#8a5300", "1": "#b23c0f", "0": "#b3261e", "off": "#50545c"}
GLYPHS = {"4": "✓✓", "3": "✓", "2": "◐", "1": "✗", "0": "✗✗", "off": "?"}  # as style.css's .rating::before
ELLIPSIS = "…"
SPACES = re.compile(r"[ \t\r\n]+")  # where a line may break: not at a no-break space
VERDICT_LEADING, OUTLET_LEADING = 38, 32
METER_WIDTH = 480  # at least, right of the badge

# The image is drawn in palette indices: 0 … 223 are greys from black to white, 224 … 255
# steps from white to the rating's tone. Letters are smoothed by blending the indices of
# their colour and of what is under them, so each stays within its range: grey letters on
# white paper, white letters on the tone.
GREYS = 224
KEPT_MASKS = 48  # per face: see `RememberingFace`


def grey(level: int) -> int:
    """The index of a grey level (0 black … 255 white)."""
    return round(level * (GREYS - 1) / 255)


INK, MUTED, RULE, PAPER = grey(24), grey(84), grey(216), GREYS - 1
TONE_WHITE, TONE = GREYS, 255


@lru_cache(maxsize=16)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return RememberingFace(str(FONTS / name), size, layout_engine=ImageFont.Layout.BASIC)


class RememberingFace(ImageFont.FreeTypeFont):
    """A face that keeps the last texts it drew as FreeType drew them (`getmask2`, what
    `ImageDraw.text` asks for: the text's coverage and where it goes), to lay down again
    as they are: every image draws the site's name, the scale's labels and the meter's
    mark, and drawing letters was most of an image's time. The same call gives the same
    mask, so the image is the same; a few dozen are kept, so the claims' own words,
    each drawn once, pass through."""

    def __init__(self, path: str, size: int, layout_engine: ImageFont.Layout):
        super().__init__(path, size, layout_engine=layout_engine)
        self.drawn: OrderedDict[tuple, Any] = OrderedDict()

    def getmask2(self, text, mode="", *args, **kwargs) -> Any:
        key = (text, mode, args, tuple(sorted(kwargs.items())))
        found = self.drawn.get(key)
        if found is None:
            found = self.drawn[key] = super().getmask2(text, mode, *args, **kwargs)
            if len(self.drawn) > KEPT_MASKS:
                self.drawn.popitem(last=False)
        else:
            self.drawn.move_to_end(key)
        return found


class Lengths:
    """How wide a text is in one face, exactly as `ImageDraw.textlength` says (Pillow's basic
    layout): the sum of each character's advance and of each pair's kerning, in whole
    1/64 px, so the float sums are exact. Each character and pair is asked of FreeType once
    per process; measuring every row the word wrap tried anew was a quarter of an image's
    time (tests/test_site_share_image.py holds the two equal over mixed scripts)."""

    def __init__(self, face: ImageFont.FreeTypeFont):
        self.face = face
        self.advances: dict[str, float] = {}
        self.kerning: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        advance, kern = self.advance, self.kern
        total = sum(map(advance, text))
        return total + sum(kern(text[i : i + 2]) for i in range(len(text) - 1)) if len(text) > 1 else total

    def advance(self, char: str) -> float:
        found = self.advances.get(char)
        if found is None:
            found = self.advances[char] = self.face.getlength(char)
        return found

    def kern(self, pair: str) -> float:
        found = self.kerning.get(pair)
        if found is None:
            found = self.kerning[pair] = self.face.getlength(pair) - self.advance(pair[0]) - self.advance(pair[1])
        return found


@lru_cache(maxsize=16)
def lengths(face: ImageFont.FreeTypeFont) -> Lengths:
    return Lengths(face)


def draw_share_image(card: ShareCard) -> bytes:
    """The card as PNG bytes, 1200×630."""
    image = Image.new("L", (WIDTH, HEIGHT), PAPER)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, 15, HEIGHT), fill=TONE)
    pen.text((MARGIN, 58), card.site, font=font(24, True), fill=MUTED, anchor="ls")
    y = write(pen, f"“{card.claim}”", (MARGIN, 84), font(44, True), INK, lines=3, leading=56)
    y = verdict_row(pen, card, y + 22)
    bottom = HEIGHT - MARGIN - 2 * OUTLET_LEADING  # the outlets' two lines end at the margin
    room = (bottom - 24 - (y + 24)) // VERDICT_LEADING
    write(pen, card.verdict, (MARGIN, y + 20), font(28), INK, lines=max(1, min(3, room)), leading=VERDICT_LEADING)
    outlet_lines(pen, card, bottom)
    return png(image, TONES.get(card.tone, TONES["off"]))


def png(image: Image.Image, tone: str) -> bytes:
    """The indices with their palette, as a PNG with nothing but the pixels (Pillow writes
    no time or text chunk unless asked). Drawing indices in one grey layer costs less than
    drawing in true colour and quantizing it to 32 colours (measured: 17 → 9 ms of CPU an
    image; 27 KB instead of 22 on average). zlib level 3, not 6: encoding was half of an
    image's time, and level 3 takes 4.8 ms instead of 10.7 for 35 KB instead of 29."""
    image.putpalette(palette(tone))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()


@lru_cache(maxsize=8)
def palette(tone: str) -> bytes:
    """`GREYS` greys from black to white, then the steps from white to `tone`."""
    r, g, b = (int(tone[i : i + 2], 16) for i in (1, 3, 5))
    out = [round(i * 255 / (GREYS - 1)) for i in range(GREYS) for _ in range(3)]
    steps = 256 - GREYS
    for k in range(steps):
        t = k / (steps - 1)
        out += [round(255 + (c - 255) * t) for c in (r, g, b)]
    return bytes(out)


def verdict_row(pen: ImageDraw.ImageDraw, card: ShareCard, top: int) -> int:
    """The badge (white letters on the tone), then the meter (none for an opinion);
    returns the row's bottom."""
    face = font(30, True)
    label = f"{GLYPHS.get(card.tone, '?')}  {card.rating}"
    label = cut(pen, label, face, WIDTH - 2 * MARGIN - 80 - METER_WIDTH)  # the meter keeps its room
    width = int(lengths(face)(label)) + 40
    pen.rounded_rectangle((MARGIN, top, MARGIN + width, top + 56), radius=8, fill=TONE)
    pen.text((MARGIN + 20, top + 28), label, font=face, fill=TONE_WHITE, anchor="lm")
    if card.scale and card.position >= 0:
        meter(pen, card, MARGIN + width + 40, top)
    return top + 98 if card.scale and card.position >= 0 else top + 56


def meter(pen: ImageDraw.ImageDraw, card: ShareCard, left: int, top: int) -> None:
    """The scale's marks, least true on the left: each outlined and named, the rating's own
    filled, taller and pointed at (▼), so its place reads without colour."""
    count = len(card.scale)
    step = (WIDTH - MARGIN - left) // count
    if step < 24:  # a scale too long to draw here: the badge alone names the rating
        return
    for i, label in enumerate(card.scale):
        x0, x1 = left + i * step, left + (i + 1) * step - 8
        on = i == card.position
        pen.rectangle((x0, top + 18 if on else top + 26, x1, top + 50), fill=INK if on else PAPER, outline=INK, width=3)
        if on:
            pen.text(((x0 + x1) // 2, top + 14), "▼", font=font(18), fill=INK, anchor="ms")
        face, grey = font(17, on), INK if on else MUTED
        for n, row in enumerate(wrap(pen, label, face, x1 - x0 + 6, lines=2)):
            pen.text(((x0 + x1) // 2, top + 74 + 20 * n), row, font=face, fill=grey, anchor="ms")


def outlet_lines(pen: ImageDraw.ImageDraw, card: ShareCard, top: int) -> None:
    """Below a rule, `card.reported_by` and each outlet with its fidelity, on two lines at most."""
    pen.line((MARGIN, top - 10, WIDTH - MARGIN, top - 10), fill=RULE, width=2)
    if not card.outlets:
        return
    parts = [f"{o.name} ({o.symbol}\u00a0{o.fidelity})".replace("(\u00a0", "(") for o in card.outlets]
    write(
        pen, f"{card.reported_by} " + " · ".join(parts), (MARGIN, top), font(24), MUTED, lines=2, leading=OUTLET_LEADING
    )


def write(pen, text: str, at: tuple[int, int], face, fill: int, lines: int, leading: int) -> int:
    """`text` wrapped at words into at most `lines` lines of the image's width, the last cut
    with "…" if it does not all fit; returns the bottom of the last line."""
    x, y = at
    rows = wrap(pen, text, face, WIDTH - x - MARGIN, lines)
    for row in rows:
        y += leading
        pen.text((x, y - leading // 4), row, font=face, fill=fill, anchor="ls")
    return y


def wrap(pen, text: str, face, width: int, lines: int) -> list[str]:
    """Greedy word wrap; a word wider than a line is cut at a character. Past `lines`, the
    last line takes what is left, cut with "…". Only as much text is read as the lines
    could hold (`most`), so a text of any length costs the same."""
    rows: list[str] = []
    head = text.strip()[: lines * most(width) + 1]
    words = SPACES.split(head) if head else []  # a no-break space holds
    if len(head) < len(text.strip()):
        words.append(ELLIPSIS)  # more than the lines can hold: the last line ends with "…"
    while words and len(rows) < lines:
        row = words.pop(0)
        while lengths(face)(row) > width:
            fit = longest_prefix(pen, row, face, width)
            words.insert(0, row[fit:])
            row = row[:fit]
        while words and lengths(face)(f"{row} {words[0]}") <= width:
            row = f"{row} {words.pop(0)}"
        rows.append(row)
    if words:
        rows[-1] = cut(pen, f"{rows[-1]} {' '.join(words)}", face, width, clipped=True)
    return rows


def most(width: int) -> int:
    """More characters than fit in `width` (no glyph of the fonts used is 2 px narrow)."""
    return width // 2 + 1


def longest_prefix(pen, text: str, face, width: int) -> int:
    """How many characters of `text` fit in `width` (at least one), found by halving."""
    low, high = 1, min(len(text), most(width))
    while low < high:
        middle = (low + high + 1) // 2
        if lengths(face)(text[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def cut(pen, text: str, face, width: int, clipped: bool = False) -> str:
    """`text` if it fits in `width` (and is whole: not `clipped`), else as many of its
    words as fit, then "…"."""
    if len(text) > most(width):
        text, clipped = text[: most(width)], True
    if not clipped and lengths(face)(text) <= width:
        return text
    words = text.removesuffix(ELLIPSIS).split(" ")
    while len(words) > 1 and lengths(face)(" ".join(words) + ELLIPSIS) > width:
        words.pop()
    kept = " ".join(words)
    if lengths(face)(kept + ELLIPSIS) > width:  # one word too long: cut at a character
        kept = kept[: max(1, longest_prefix(pen, kept + ELLIPSIS, face, width) - 1)]
    return kept.rstrip(" ,;:—-") + ELLIPSIS

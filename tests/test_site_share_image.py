"""Each claim's share image: a 1200×630 PNG in the built site that the claim page names as
its og:image and twitter:image (summary_large_image), drawn again by an incremental build
only when what it shows changed, byte for byte what a clean build draws, with no
metadata; its text cut with "…", and Cyrillic drawn with real glyphs."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from PIL import Image
from sitepages import REPO, SAMPLE, build_site_from, edit, page, sample_copy

from sidelight.build import pipeline
from sidelight.output.linkcheck import check_links
from sidelight.output.shareimage import ELLIPSIS, cut, draw_share_image, font, wrap
from sidelight.pages.share import ShareCard, ShareOutlet
from sidelight.pages.urls import claim_path, share_image_path

CONTENTS = {"sample": SAMPLE, "shipped": REPO / "content"}


@pytest.fixture(scope="module", params=sorted(CONTENTS))
def built(request, tmp_path_factory):
    """(model, site folder) for each content folder."""
    content = CONTENTS[request.param]
    site = build_site_from(content, tmp_path_factory.mktemp(f"share-{request.param}") / "site")
    return pipeline.check(content).site, site


def meta(soup, key: str) -> str:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    assert tag is not None, f"no <meta> {key}"
    return tag["content"]


def chunks(png: bytes) -> list[str]:
    """The PNG's chunk types, in order."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    out, at = [], 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        out.append(kind.decode("ascii"))
        at += 12 + length
    return out


def test_every_claim_page_names_its_own_1200_by_630_png_and_it_is_in_the_site(built):
    model, site = built
    base = model.settings.base_url
    for claim in model.claims.values():
        soup = page(site, claim_path(claim.id))
        image = share_image_path(claim.id)
        assert meta(soup, "og:image") == base + image
        assert meta(soup, "twitter:image") == base + image
        assert meta(soup, "twitter:card") == "summary_large_image"
        assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630")
        assert claim.claim in meta(soup, "og:image:alt")
        link = soup.find("link", rel="image_src")
        assert link is not None and link["href"] == "share.png"
        with Image.open(site / image) as png:
            assert (png.format, png.size) == ("PNG", (1200, 630)), claim.id


def test_a_share_image_carries_nothing_but_its_pixels(built):
    """No time, no text, no software name: only the chunks that hold the image."""
    model, site = built
    for claim in model.claims.values():
        kinds = set(chunks((site / share_image_path(claim.id)).read_bytes()))
        assert kinds <= {"IHDR", "PLTE", "tRNS", "IDAT", "IEND"}, (claim.id, kinds)


def test_the_link_check_fails_a_build_whose_share_image_is_missing(built):
    model, site = built
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    claim = next(iter(model.claims))
    del files[share_image_path(claim)]
    problems = check_links(files, model.settings.base_url)
    assert [p.message for p in problems] == [f"broken link `share.png`: there is no file `{share_image_path(claim)}` in the site"]


def pngs(site: Path) -> dict[str, tuple[bytes, int, int]]:
    """Each share image's bytes, modification time and inode."""
    return {
        p.relative_to(site).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino)
        for p in site.glob("claims/*/share.png")
    }


def test_an_edited_verdict_redraws_that_image_alone_and_as_a_clean_build_would(tmp_path):
    content = sample_copy(tmp_path)
    out = tmp_path / "site"
    first = pipeline.build(content, out)
    assert sorted(first.drawn) == sorted(share_image_path(i) for i in ("attack-not-inevitable", "better-plans",
                                                                        "fund-size", "plan-secret"))
    before = pngs(out)
    again = pipeline.build(content, out)
    assert again.drawn == [] and pngs(out) == before  # nothing changed: nothing drawn
    edit(content / "claims" / "plan-secret.yaml", 'verdict: "The plan is indeed confidential."',
         'verdict: "The plan is confidential, as NATO says."')
    edited = pipeline.build(content, out)
    changed = share_image_path("plan-secret")
    assert edited.drawn == [changed]
    after = pngs(out)
    assert after[changed][0] != before[changed][0]
    assert {f: v for f, v in after.items() if f != changed} == {f: v for f, v in before.items() if f != changed}
    clean = build_site_from(content, tmp_path / "clean")
    assert {f: v[0] for f, v in pngs(clean).items()} == {f: v[0] for f, v in after.items()}


def test_an_outlet_renamed_redraws_the_images_that_name_it(tmp_path):
    content = sample_copy(tmp_path)
    out = tmp_path / "site"
    pipeline.build(content, out)
    model = pipeline.check(content).site
    outlet = next(iter(model.outlets.values()))
    naming = sorted(share_image_path(c.id) for c in model.claims.values() if any(v.outlet == outlet.id for v in c.coverage))
    edit(content / "outlets" / f"{outlet.id}.yaml", f"name: {outlet.name}\n", f"name: {outlet.name} Renamed\n")
    assert sorted(pipeline.build(content, out).drawn) == naming


CARD = ShareCard(
    file="claims/x/share.png",
    site="Sidelight",
    claim="Москва приостанавливает работу постпредства при НАТО " * 6,
    rating="Missing context",
    tone="2",
    verdict="Очень длинное объяснение вердикта, которое не помещается в три строки " * 4,
    scale=("Inaccurate", "Mostly inaccurate", "Missing context", "Mostly accurate", "Accurate"),
    position=2,
    outlets=tuple(ShareOutlet(f"Коммерсантъ {i}", "≈", "Loosened") for i in range(8)),
)


def test_long_text_is_cut_at_a_word_with_an_ellipsis_within_the_width():
    pen = draw_pen()
    face = font(44, True)
    rows = wrap(pen, CARD.claim, face, 1072, lines=3)
    assert len(rows) == 3 and rows[-1].endswith(ELLIPSIS)
    assert all(pen.textlength(r, font=face) <= 1072 for r in rows)
    assert set(" ".join(rows).removesuffix(ELLIPSIS).split()) <= set(CARD.claim.split())  # whole words only
    assert cut(pen, "Short", face, 1072) == "Short"
    assert wrap(pen, "слово " * 100_000, face, 1072, lines=3)[-1].endswith(ELLIPSIS)
    assert wrap(pen, "Ж" * 100_000, face, 1072, lines=2)[-1].endswith(ELLIPSIS)
    one_word = cut(pen, "Ж" * 200, face, 300)
    assert one_word.endswith(ELLIPSIS) and pen.textlength(one_word, font=face) <= 300


def test_a_fidelity_stays_on_the_line_of_its_symbol():
    pen, face = draw_pen(), font(24)
    rows = wrap(pen, "  ·\n".join(f"Outlet {i} (≈\u00a0Loosened)" for i in range(12)), face, 1072, lines=3)
    assert len(rows) == 3 and not any(r.endswith(("≈", "(≈")) for r in rows), rows


def test_cyrillic_is_drawn_with_real_glyphs_not_missing_glyph_boxes():
    face = font(44, True)
    missing = bytes(face.getmask("\ue000"))  # a private-use character: the font's missing-glyph box
    for letter in "МоскваЖЩЯъё":
        assert bytes(face.getmask(letter)) != missing, letter


def test_a_long_card_still_draws_a_1200_by_630_png_the_same_each_time():
    data = draw_share_image(CARD)
    with Image.open(io.BytesIO(data)) as png:
        assert png.size == (1200, 630)
    assert draw_share_image(CARD) == data


def test_a_card_of_hostile_lengths_still_draws():
    """A rating label as long as a paragraph, a scale of forty ratings, empty texts, a
    claim of a hundred thousand words and a verdict of one word as long."""
    import dataclasses

    long_label = dataclasses.replace(CARD, rating="Mostly " * 60, claim="", verdict="", outlets=())
    many = dataclasses.replace(CARD, scale=tuple(f"Rating {i}" for i in range(40)), position=39)
    huge = dataclasses.replace(CARD, claim="слово " * 100_000, verdict="Ж" * 100_000)
    for card in (long_label, many, huge):
        with Image.open(io.BytesIO(draw_share_image(card))) as png:
            assert png.size == (1200, 630)


def draw_pen():
    from PIL import ImageDraw

    return ImageDraw.Draw(Image.new("RGB", (10, 10)))


TEXT = "AVWYTLfiyo.,;: '’“”…—-–()«»·▼✓✗◐?ЖжБбДдΩωΔéèàçßØĳ\u00a0\u0301中😀 " + "".join(map(chr, range(32, 127)))


@pytest.mark.parametrize("size,bold", [(17, False), (17, True), (24, False), (28, False), (30, True), (44, True)])
def test_the_measured_width_of_any_text_is_pillows_own(size, bold):
    """What the word wrap measures (`lengths`, from each character and pair) is exactly what
    Pillow measures of the whole text, kerned pairs and scripts without glyphs included: the
    same rows, so the same image."""
    import random

    from PIL import ImageDraw

    from sidelight.output.shareimage import lengths

    pen, face, rnd = ImageDraw.Draw(Image.new("L", (8, 8))), font(size, bold), random.Random(size)
    texts = ["", "AV", "To", "Wy.", *("".join(rnd.choices(TEXT, k=rnd.randint(1, 80))) for _ in range(2000))]
    assert [lengths(face)(t) for t in texts] == [pen.textlength(t, font=face) for t in texts]


def test_letters_laid_down_again_from_memory_give_the_image_of_a_fresh_face(monkeypatch):
    """The faces keep the texts they drew (`RememberingFace`); every card of the shipped
    site drawn with them, each twice, is byte for byte the card drawn with Pillow's own face."""
    from PIL import ImageFont

    from sidelight.output import shareimage
    from sidelight.pages.share import share_cards

    cards = share_cards(pipeline.check(REPO / "content").site)
    remembered = [draw_share_image(card) for card in cards + cards]

    def plain(size: int, bold: bool = False):
        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        return ImageFont.truetype(str(shareimage.FONTS / name), size, layout_engine=ImageFont.Layout.BASIC)

    monkeypatch.setattr(shareimage, "font", plain)
    fresh = [draw_share_image(card) for card in cards]
    assert len(set(fresh)) == len(cards) > 10
    assert remembered == fresh + fresh

"""Draw the default share images (Open Graph) into static/img/share/: run once, commit the PNGs.

One for the site and one per kind, 1200 × 630, in the site's colours: the name "Wijkplatform"
and the kind's Dutch name (catalogue.share_images says which). The font is the one Pillow
ships, so every machine draws the same picture.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw, ImageFont

from catalogue import share_images

# static/css/site.css: --brand, --brand-dark, --accent, --paper.
BRAND = "#1f5f4a"
BRAND_DARK = "#143f31"
ACCENT = "#f2c14e"
PAPER = "#ffffff"
MARGIN = 96


def house(draw, left, top, side):
    """The favicon's house (static/img/favicon.svg), drawn on a 32-unit grid."""

    def at(x, y):
        return (left + x * side / 32, top + y * side / 32)

    draw.rounded_rectangle([at(0, 0), at(32, 32)], radius=side * 6 / 32, fill=PAPER)
    draw.polygon([at(6, 17), at(16, 8), at(26, 17), at(26, 25), at(6, 25)], fill=BRAND)
    draw.ellipse([at(13, 16), at(19, 22)], fill=ACCENT)


def draw(caption):
    width, height = share_images.SIZE
    image = Image.new("RGB", share_images.SIZE, BRAND)
    canvas = ImageDraw.Draw(image)
    canvas.rectangle([0, height - 24, width, height], fill=ACCENT)
    canvas.rectangle([0, height - 48, width, height - 24], fill=BRAND_DARK)
    house(canvas, MARGIN, MARGIN, 160)
    canvas.text((MARGIN, 320), "Wijkplatform", font=ImageFont.load_default(size=120), fill=PAPER)
    canvas.text((MARGIN, 470), caption, font=ImageFont.load_default(size=64), fill=ACCENT)
    return image


class Command(BaseCommand):
    help = "Draw the default share images into static/img/share/ (commit them)."

    def handle(self, **options):
        static = Path(settings.BASE_DIR) / "static"
        for name, caption in share_images.defaults().items():
            path = static / name
            path.parent.mkdir(parents=True, exist_ok=True)
            draw(caption).save(path, "PNG", optimize=True)
            self.stdout.write(f"{path.relative_to(settings.BASE_DIR)}: {caption}")

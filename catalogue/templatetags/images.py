"""`{% picture item "card" %}`: an item's rendition with its size and alt text, or a placeholder."""

from django import template

register = template.Library()


@register.inclusion_tag("includes/picture.html")
def picture(item, size, sizes="100vw", css_class="", lazy=True, placeholder=True):
    """The `size` rendition as `src`, every rendition in `srcset`, width and height from the row
    (no layout shift, no file access). Without an image: a decorative block of the same shape
    when `placeholder`, else nothing."""
    rendition = item.renditions().get(size)
    return {
        "rendition": rendition,
        "srcset": item.srcset() if rendition else "",
        "sizes": sizes,
        "alt": item.image_alt,
        "css_class": css_class,
        "lazy": lazy,
        "placeholder": placeholder,
    }

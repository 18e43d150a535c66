"""Uploaded images (project images, coordinator photos).

An upload is checked with Pillow, re-encoded as a JPEG of exactly the size the page shows (so nothing of the
original file, its metadata or its name is kept) and stored under a random name.
"""

import uuid
from io import BytesIO

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps

from .files import OwnFileMixin

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A JPEG is decoded at 1/2, 1/4 or 1/8 of its size (draft), so it may have as many pixels as any camera makes.
# Other images are decoded whole, which takes up to 8 bytes a pixel for a PNG (with the premultiplied copy that
# reducing an image with transparency makes) and 16 for a WebP (libwebp's buffers): these limits keep one upload
# under 150 MB of memory (tests/test_profiles.py checks it).
MAX_PIXELS = {"JPEG": 50_000_000, "PNG": 16_000_000, "WEBP": 6_000_000}
FORMATS = list(MAX_PIXELS)


def fit_as_jpeg(image, size):
    """`image` cropped to the aspect ratio of `size`, scaled to `size` and encoded as JPEG on a white background.

    The image is decoded reduced (JPEG) and reduced right after decoding (every format) to the smallest whole
    fraction that still covers `size` both ways, so that every further step works on a small copy. Nothing of the
    original's metadata is kept: no EXIF, no comment (which Pillow would otherwise copy into the new JPEG).
    """
    cover = max(size)
    image.draft("RGB", (cover, cover))
    image.load()
    if image.mode not in ("L", "LA", "RGB", "RGBA"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    factor = min(image.width // cover, image.height // cover)
    if factor > 1:
        image = image.reduce(factor)
    image = ImageOps.exif_transpose(image)
    if image.mode != "RGB":
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    image = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
    image.info.clear()
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    return buffer.getvalue()


class ImageUploadField(forms.FileField):
    """A JPEG, PNG or WebP upload, cleaned into a JPEG of `size` pixels."""

    default_error_messages = {
        "too_large": "Dit bestand is %(size)s groot; een afbeelding mag hoogstens 5 MB groot zijn.",
        "too_many_pixels": "Deze afbeelding heeft te veel pixels: hoogstens 50 megapixel voor een JPEG, 16 voor een "
        "PNG en 6 voor een WebP. Verklein ze eerst.",
        "invalid_image": "Dit bestand is geen geldige JPEG-, PNG- of WebP-afbeelding.",
    }

    def __init__(self, *, size, **kwargs):
        self.size = size
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": "image/jpeg,image/png,image/webp"}

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                self.error_messages["too_large"], code="too_large", params={"size": filesizeformat(upload.size)}
            )
        try:
            with Image.open(upload, formats=FORMATS) as image:
                image.verify()
            upload.seek(0)
            with Image.open(upload, formats=FORMATS) as image:
                # An MPO (a JPEG holding several pictures) is decoded whole, like a PNG.
                if image.width * image.height > MAX_PIXELS.get(image.format, MAX_PIXELS["PNG"]):
                    raise ValidationError(self.error_messages["too_many_pixels"], code="too_many_pixels")
                content = fit_as_jpeg(image, self.size)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(self.error_messages["too_many_pixels"], code="too_many_pixels") from error
        except Exception as error:  # Pillow raises many kinds of errors on fake, broken or hostile files.
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from error
        return ContentFile(content, name="upload.jpg")


class ResizedImageField(OwnFileMixin, models.ImageField):
    """An image field whose forms clean uploads with `ImageUploadField` into a JPEG of `size` pixels.

    Files get a random name, never the uploaded one. A replaced or removed image, and the image of a deleted
    object, is deleted from storage once the change is committed.
    """

    def __init__(self, *args, size, **kwargs):
        self.size = tuple(size)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, {**kwargs, "size": self.size}

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, "size": self.size, **kwargs})

    def generate_filename(self, instance, filename):
        return super().generate_filename(instance, f"{uuid.uuid4().hex}.jpg")

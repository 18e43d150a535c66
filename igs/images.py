"""Uploaded images (project images here, coordinator photos in the profiles app).

An upload is checked with Pillow, re-encoded as a JPEG of exactly the size the page shows (so nothing of the
original file, its metadata or its name is kept) and stored under a random name.
"""

import uuid
from functools import partial
from io import BytesIO

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Far below Pillow's own decompression-bomb limit (about 89 megapixels), far above any camera.
MAX_PIXELS = 50_000_000
FORMATS = ["JPEG", "PNG", "WEBP"]


def fit_as_jpeg(image, size):
    """`image` cropped to the aspect ratio of `size`, scaled to `size` and encoded as JPEG on a white background."""
    image = ImageOps.exif_transpose(image)
    if image.mode != "RGB":
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    image = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    return buffer.getvalue()


class ImageUploadField(forms.FileField):
    """A JPEG, PNG or WebP upload, cleaned into a JPEG of `size` pixels."""

    default_error_messages = {
        "too_large": "Dit bestand is %(size)s groot; een afbeelding mag hoogstens 5 MB groot zijn.",
        "too_many_pixels": "Deze afbeelding heeft te veel pixels (hoogstens 50 megapixel). Verklein ze eerst.",
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
                if image.width * image.height > MAX_PIXELS:
                    raise ValidationError(self.error_messages["too_many_pixels"], code="too_many_pixels")
                content = fit_as_jpeg(image, self.size)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(self.error_messages["too_many_pixels"], code="too_many_pixels") from error
        except Exception as error:  # Pillow raises many kinds of errors on fake, broken or hostile files.
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from error
        return ContentFile(content, name="upload.jpg")


class ResizedImageField(models.ImageField):
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

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        post_delete.connect(self.delete_file, sender=cls)

    def delete_file(self, instance, **kwargs):
        if name := getattr(instance, self.attname).name:
            transaction.on_commit(partial(self.storage.delete, name))

    def generate_filename(self, instance, filename):
        return super().generate_filename(instance, f"{uuid.uuid4().hex}.jpg")

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if not add and (not file or not file._committed):
            manager = type(model_instance)._base_manager
            old_name = manager.filter(pk=model_instance.pk).values_list(self.attname, flat=True).first()
            if old_name and old_name != file.name:
                transaction.on_commit(partial(self.storage.delete, old_name))
        return super().pre_save(model_instance, add)

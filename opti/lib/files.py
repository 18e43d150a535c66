"""Uploaded files that belong to one object: a replaced or removed file, and the file of a deleted object, is
deleted from storage once the change is committed (on disk or in the bucket)."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete


class OwnFileMixin:
    """For a FileField (or ImageField) whose files no other object shares: they are new, random names."""

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        post_delete.connect(self.delete_file, sender=cls)

    def delete_file(self, instance, **kwargs):
        if name := getattr(instance, self.attname).name:
            transaction.on_commit(partial(self.storage.delete, name))

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if not add and (not file or not file._committed):
            manager = type(model_instance)._base_manager
            old_name = manager.filter(pk=model_instance.pk).values_list(self.attname, flat=True).first()
            if old_name and old_name != file.name:
                transaction.on_commit(partial(self.storage.delete, old_name))
        return super().pre_save(model_instance, add)

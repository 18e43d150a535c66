"""Uploaded media in an S3-compatible bucket, shared by every app server (MEDIA_BUCKET; README, "Configuration").

boto3 finds the credentials, the region and a non-AWS endpoint itself, in its own environment variables
(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL_S3) or the machine's role.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class MediaBucketStorage(S3Storage):
    """The bucket named by MEDIA_BUCKET. Files are linked under MEDIA_URL on the site's own host, as on disk,
    where the reverse proxy serves them from the bucket: pages load nothing from another host, and a link in a
    cached page never expires. Every file has a new random name, so it may be cached for good."""

    def get_default_settings(self):
        return {
            **super().get_default_settings(),
            "bucket_name": settings.MEDIA_BUCKET,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        }

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))

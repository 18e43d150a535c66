from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's validator with its error in Dutch: Django 5.2's Dutch translation lacks the new wording."""

    def get_error_message(self):
        return f"Dit wachtwoord is te kort: het moet minstens {self.min_length} tekens lang zijn."

"""Rich text: the editor's configuration, the allowlist sanitiser and the model field."""

"""The only Slack-aware code: thin adapters from Slack payloads to domain calls and back."""

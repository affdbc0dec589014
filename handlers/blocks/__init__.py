"""Block Kit from pure functions: domain results in, `Message`s (text + blocks) out."""

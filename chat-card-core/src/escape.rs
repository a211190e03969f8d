//! Escaping: JSON strings, the card HTML subset, Chat markup, URL holes.

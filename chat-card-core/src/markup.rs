//! Checks of the card HTML subset and of Chat message markup.

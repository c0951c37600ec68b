"""The Gradio front end: each tab is built by its own module from functions that live (and are tested) elsewhere."""

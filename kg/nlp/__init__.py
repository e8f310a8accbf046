"""spaCy components: the character tokenizer, the NER featuriser and the domain rulers."""

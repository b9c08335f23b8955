"""One screen per job: articles, one article, entities, one entity, review, help."""

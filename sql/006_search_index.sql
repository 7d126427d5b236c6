-- One search index, not two. Measured (docs/performance.md): the two GIN indexes on search_key cost
-- PostgreSQL about 80% of each insert. The trigram index alone serves both kinds of search: the
-- words of a query in order (LIKE '%kono%jamana%') and near spellings (strict word similarity).
drop index if exists contribution_search_fts;

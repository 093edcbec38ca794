export { ListPage, type ListFilters, type ListPageProps } from './ListPage';
export { useList, sortOf, type ListPageData, type ListState, type SortState } from './use-list';
export { filterFieldsOf, fieldOf, enumDefOf, type FilterField, type FilterKind } from './schema-fields';

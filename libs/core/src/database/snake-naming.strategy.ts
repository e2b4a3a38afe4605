import { DefaultNamingStrategy, type NamingStrategyInterface, type Table } from 'typeorm';

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** Tables and columns in snake_case; keys and indexes named readably (pk_table, fk_table_column, idx_table_columns). */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(targetName: string, userSpecifiedName: string | undefined): string {
    return userSpecifiedName ?? snake(targetName);
  }
  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    return snake(prefixes.concat(customName ?? propertyName).join('_'));
  }
  override relationName(propertyName: string): string {
    return snake(propertyName);
  }
  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snake(`${relationName}_${referencedColumnName}`);
  }
  override primaryKeyName(tableOrName: Table | string): string {
    return `pk_${this.plain(tableOrName)}`;
  }
  override uniqueConstraintName(tableOrName: Table | string, columnNames: string[]): string {
    return `uq_${this.plain(tableOrName)}_${columnNames.join('_')}`;
  }
  override foreignKeyName(tableOrName: Table | string, columnNames: string[]): string {
    return `fk_${this.plain(tableOrName)}_${columnNames.join('_')}`;
  }
  override indexName(tableOrName: Table | string, columnNames: string[]): string {
    return `idx_${this.plain(tableOrName)}_${columnNames.join('_')}`;
  }
  private plain(tableOrName: Table | string): string {
    const name = typeof tableOrName === 'string' ? tableOrName : tableOrName.name;
    return name.split('.').pop() ?? name;
  }
}

import { describe, expect, it } from 'vitest';
import { changedPageIds, insertedRevisionIds, positionFromDump } from '../../harness/procedures/binlog.ts';

describe('following the binary log', () => {
  it('reads the position mariadb-dump --master-data=2 records', () => {
    expect(positionFromDump("-- CHANGE MASTER TO MASTER_LOG_FILE='mysql-bin.000001', MASTER_LOG_POS=515287;")).toEqual({ file: 'mysql-bin.000001', position: 515287 });
    expect(positionFromDump('-- no position here')).toBeUndefined();
  });

  it('finds the pages whose page or revision rows changed, in the wiki database only', () => {
    const decoded = [
      '### INSERT INTO `wiki`.`page`',
      '### SET',
      '###   @1=55',
      '###   @2=0',
      "###   @3='Load_5'",
      '### UPDATE `wiki`.`page`',
      '### WHERE',
      '###   @1=7',
      '### SET',
      '###   @1=7',
      '### INSERT INTO `wiki`.`revision`',
      '### SET',
      '###   @1=900',
      '###   @2=12',
      '### INSERT INTO `wiki`.`recentchanges`',
      '### SET',
      '###   @1=4',
      '### INSERT INTO `other`.`page`',
      '### SET',
      '###   @1=99',
    ].join('\n');
    expect(changedPageIds(decoded, 'wiki')).toEqual([7, 12, 55]);
  });

  it('lists the revisions inserted, the range a catch-up round copies', () => {
    const decoded = [
      '### INSERT INTO `wiki`.`revision`',
      '### SET',
      '###   @1=901',
      '###   @2=12',
      '### UPDATE `wiki`.`revision`',
      '### WHERE',
      '###   @1=5',
      '### INSERT INTO `wiki`.`revision`',
      '### SET',
      '###   @1=900',
    ].join('\n');
    expect(insertedRevisionIds(decoded, 'wiki')).toEqual([900, 901]);
  });
});

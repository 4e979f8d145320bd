import { describe, expect, it } from 'vitest';
import { changedPageIds, insertedRevisionIds, neededLogLines, positionFromDump } from '../../harness/procedures/binlog.ts';

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

  it('reads the same pages and revisions from the lines the container lets through', () => {
    // As mariadb-binlog -v prints rows: the text columns are most of the log and are filtered out.
    const decoded = [
      '# at 4711',
      '#261203  4:01:41 server id 1  end_log_pos 4800 CRC32 0x5a1b2c3d \tWrite_rows: table id 42 flags: STMT_END_F',
      '### INSERT INTO `wiki`.`text`',
      '### SET',
      '###   @1=3001',
      "###   @2='== Ch\\xc3\\xa2teau ==\\x0a@1=77 is not a column'",
      '### INSERT INTO `wiki`.`revision`',
      '### SET',
      '###   @1=901',
      '###   @2=12',
      '###   @10=3',
      '### UPDATE `wiki`.`page`',
      '### WHERE',
      '###   @1=12',
      '###   @11=900',
      '### SET',
      '###   @1=12',
      '###   @11=901',
      '### DELETE FROM `wiki`.`revision`',
      '### WHERE',
      '###   @1=5',
      '###   @2=8',
      '### INSERT INTO `wiki`.`objectcache`',
      '### SET',
      "###   @1='wiki:pcache:idhash:12-0!canonical'",
      "###   @2='\\x78\\x9c'",
    ].join('\n');
    const needed = new RegExp(neededLogLines);
    const filtered = decoded
      .split('\n')
      .filter((line) => needed.test(line))
      .join('\n');
    expect(filtered.length).toBeLessThan(decoded.length / 2);
    expect(filtered).not.toMatch(/Ch|pcache|x78|@1[01]=/);
    expect(changedPageIds(filtered, 'wiki')).toEqual(changedPageIds(decoded, 'wiki'));
    expect(changedPageIds(filtered, 'wiki')).toEqual([8, 12]);
    expect(insertedRevisionIds(filtered, 'wiki')).toEqual(insertedRevisionIds(decoded, 'wiki'));
    expect(insertedRevisionIds(filtered, 'wiki')).toEqual([901]);
  });
});

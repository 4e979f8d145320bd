/**
 * The words the seed content is made of, one list per script. Every string is in Unicode NFC (as
 * MediaWiki stores text) and title words start with a letter that is already upper case (as
 * MediaWiki's first-letter capitalisation would make it), so a title is stored exactly as built.
 */

/** Words written one after another, separated by white space. */
const list = (words: string) => words.trim().split(/\s+/);

export type Script = 'latin' | 'cyrillic' | 'cjk' | 'arabic';
export const scripts: readonly Script[] = ['latin', 'cyrillic', 'cjk', 'arabic'];

/**
 * Words titles are composed of. Titles are bijective numerals over these lists, so each list must
 * hold distinct words without spaces; the CJK words are all two characters long, so titles written
 * without spaces still decode one way only.
 */
export const titleWords: Record<Script, readonly string[]> = {
  latin: list(`
    Amélie Bâtiment Café Château Ciudad Córdoba Dvořák École Fjörður Garçon Gdańsk Göteborg Hôtel Île Jalapeño
    Kraków Łódź Málaga Mañana Müller Nación Noël Øresund Piñata Plaça Québec Reykjavík Rhône Straße São Señor
    Šibenik Tórshavn Über Valparaíso Wrocław Zürich Ångström Árbol Coração Façade Crème Brûlée Bohême Citroën
    Tromsø Naïve Provençal Académie Évora Jyväskylä Lübeck Mérida Nîmes Pécs Póvoa Saône Třeboň Żywiec Ærø River
    Valley North Island Bridge Castle Academy Festival Railway Museum Lake Mountain Harbour Garden Cathedral Park
    Station Tower Square Palace
  `),
  cyrillic: list(`
    Москва Байкал Волга Енисей Жуковский Звезда Иркутск Казань Ладога Мурманск Новгород Омск Пушкин Рязань Самара
    Тверь Урал Фёдор Харьков Царицын Чехов Шостакович Щукин Эльбрус Юрга Ярославль Алтай Берёза Вологда Гагарин
    Дубна Ёлка Камчатка Лена Нева Обь Полтава Сибирь Тундра Хабаровск Чита Якутск Библиотека Театр Собор Остров
    Озеро Гора Мост Вокзал Музей Площадь Київ Їжак Ґанок Љубљана Његош Ђурђевак Ћирилица Џамија
  `),
  cjk: list(`
    北京 上海 长江 黄河 泰山 西湖 故宫 长城 大学 图书 博物 公园 铁路 车站 寺庙 山脉 湖泊 河流 城市 港口 桥梁 宫殿 花园 书院 音乐 电影 历史 文化 科学 数学 物理 化学 東京 大阪 京都 富士 神社
    温泉 九州 四国 やま かわ うみ そら ほし つき ゆき 서울 부산 한강 제주 경주 전주 광주 대구
  `),
  arabic: list(`
    القاهرة بغداد دمشق بيروت الرياض مكة المدينة تونس الجزائر الرباط عمان الدوحة مسقط صنعاء الخرطوم طرابلس نهر جبل
    بحر مدينة جامعة مكتبة مسجد قصر حديقة سوق متحف جسر محطة برج شارع ساحة بحيرة صحراء واحة نجمة قمر شمس كتاب علم
    تاريخ فن أدب شعر موسيقى لغة فلسفة رياضيات
  `),
};

/** Words prose is made of, per script (CJK prose is written without spaces). */
export const proseWords: Record<Script, readonly string[]> = {
  latin: list(`
    the of and in was is a to by for with from its which after during between century town river region population
    church railway company founded built named known museum university festival village mountain harbour bridge
    council café naïve résumé façade piñata jalapeño über déjà vu señora coração São Zürich Kraków Dvořák Łódź
    Gdańsk Ångström Tromsø fjörður château crème brûlée école élève straße Müller Göteborg Reykjavík Nîmes Québec
    Plaça Rhône Tórshavn Šibenik Żywiec Hà Nội phở Việt İstanbul ağaç şehir Ærø œuvre Cœur naïveté Noël
  `),
  cyrillic: list(`
    и в на с по был была это город река область население век году церковь железная дорога компания основан
    построен назван известен музей университет фестиваль деревня гора гавань мост совет история культура природа
    озеро остров север юг Москва Волга Байкал Сибирь Урал Київ Їжак Љубљана ёлка щука съезд объём
  `),
  cjk: list(`
    的 是 在 和 了 年 城市 河流 地区 人口 世纪 教堂 铁路 公司 建立 建造 命名 著名 博物馆 大学 节日 村庄 山 港口 桥 委员会 历史 文化 自然 湖 岛 北部 南部 東京 京都 ひらがな カタカナ です
    ます の は が 서울 한국어 입니다 도시 강
  `),
  arabic: list(`
    في من إلى على و كان كانت هذا مدينة نهر منطقة سكان قرن عام كنيسة سكة حديد شركة تأسست بنيت سميت معروف متحف جامعة
    مهرجان قرية جبل ميناء جسر مجلس تاريخ ثقافة طبيعة بحيرة جزيرة شمال جنوب القاهرة بغداد دمشق الرباط مسقط
  `),
};

/** Section headings, per script. */
export const headings: Record<Script, readonly string[]> = {
  latin: ['History', 'Geography', 'Culture', 'Économie', 'Étymologie', 'Demographics', 'Architecture', 'Légende', 'Transport', 'Notable people'],
  cyrillic: ['История', 'География', 'Культура', 'Экономика', 'Население', 'Транспорт', 'Архитектура', 'Известные люди'],
  cjk: ['历史', '地理', '文化', '经济', '人口', '交通', '建筑', '著名人物'],
  arabic: ['تاريخ', 'جغرافيا', 'ثقافة', 'اقتصاد', 'سكان', 'نقل', 'عمارة', 'شخصيات'],
};

/** The language code {{Lang}} is given for a script's words. */
export const languageCodes: Record<Script, string> = { latin: 'fr', cyrillic: 'ru', cjk: 'zh', arabic: 'ar' };

/** Emoji, including the multi-code-point kinds (variation selector, ZWJ sequence, flag, skin tone). */
export const emoji: readonly string[] = ['😀', '🎉', '🌍', '🚀', '📚', '🏛️', '👩‍🔬', '🇫🇷', '🇯🇵', '👍🏽', '❤️', '🦉', '🍣', '⚽', '🎻', '🗺️'];

/** Users' given and family names, per script; a username is one of each. */
export const givenNames: Record<Script, readonly string[]> = {
  latin: list(`
    Jérôme Zoë Ana Bjørn Łukasz Müge Renée Ioana José Åsa Dvora Chloé
  `),
  cyrillic: list(`
    Алексей Мария Дмитрий Ольга Сергей Наталья Юрий Ёжик Богдан Ирина Олег Вера
  `),
  cjk: list(`
    小明 美玲 建国 花子 太郎 秀英 志强 由美 민준 서연 家豪 翔太
  `),
  arabic: list(`
    محمد فاطمة أحمد ليلى يوسف مريم علي نور عمر سارة خالد هدى
  `),
};
export const familyNames: Record<Script, readonly string[]> = {
  latin: list(`
    Dupont Kowalski Núñez Østergaard Schröder Çelik Gonçalves Nováková Lefèvre Søndergaard
  `),
  cyrillic: list(`
    Иванов Петрова Смирнов Кузнецова Попов Соколова Лебедев Козлова Новиков Морозова
  `),
  cjk: list(`
    王 李 張 劉 陳 楊 山田 佐藤 김 박
  `),
  arabic: list(`
    الحسن العلي الخطيب النجار الحداد السيد المصري الشامي البغدادي التونسي
  `),
};

/** Edit summaries, per script; the first revision of a page says it created it. */
export const editSummaries: Record<Script, readonly string[]> = {
  latin: ['Copyedit', 'Added references', 'Fixed typo', 'Expanded the section', 'Révision du style', 'Mise à jour', 'Corrección', 'Ergänzung', ''],
  cyrillic: ['Дополнение', 'Оформление', 'Исправление опечаток', 'Уточнение', 'Источники', ''],
  cjk: ['修正错别字', '补充资料', '更新', '加入来源', '校對', ''],
  arabic: ['تدقيق لغوي', 'إضافة مصادر', 'تحديث', 'توسيع', ''],
};

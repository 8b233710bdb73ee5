// Names and sizes of the places that get a dedicated grid in the demo territory (grid-demo.ts):
// district-level places first, then one set per town, then places named after single communities.
import { type Rng, randomIn } from './grid-demo-random.js';

export type PlaceKind = 'school' | 'hospital' | 'market' | 'industrialPark' | 'scenicArea' | 'government' | 'enterprise';

export interface PlaceWish {
  name: string;
  kind: PlaceKind;
  /** Radius of the place's outline in metres. */
  radius: number;
}

interface Named {
  name: string;
  kind: string;
}

/** 铁西居委会 → 铁西, 马宅子社区居委会 → 马宅子, 王庄村委会 → 王庄. */
export function communityBase(name: string): string {
  const base = name.replace(/(社区居民委员会|社区居委会|居民委员会|村民委员会|社区居|居委会|村委会|委员会)$/, '').replace(/(社区|村)$/, '');
  return base.length > 0 ? base : name;
}

/** 中心街街道 → 中心街, 西集镇 → 西集, 山亭经济开发区 → 山亭. */
export function townBase(name: string): string {
  const base = name.replace(/(街道办事处|街道|经济开发区|高新技术产业开发区|开发区|镇|乡)$/, '');
  return base.length > 0 ? base : name;
}

const RADIUS: Record<PlaceKind, [number, number]> = {
  school: [90, 170],
  hospital: [70, 140],
  market: [60, 120],
  government: [50, 100],
  enterprise: [90, 220],
  industrialPark: [300, 650],
  scenicArea: [180, 420],
};

const wish = (rng: Rng, name: string, kind: PlaceKind, scale = 1): PlaceWish => ({ name, kind, radius: randomIn(rng, ...RADIUS[kind]) * scale });

/** The district's own places: an industrial park, the people's hospital, the government, a school. */
export function districtPlaces(rng: Rng, district: Named): PlaceWish[] {
  return [
    wish(rng, `${district.name}工业园`, 'industrialPark'),
    wish(rng, `${district.name}人民医院`, 'hospital', 1.4),
    wish(rng, `${district.name}人民政府`, 'government', 1.2),
    wish(rng, `${district.name}实验中学`, 'school', 1.2),
  ];
}

/** A town's places, in the order they are wanted: government, clinic, market, middle and primary school. */
export function townPlaces(rng: Rng, town: Named): PlaceWish[] {
  const urban = town.kind === 'subdistrict' || town.kind === 'zone';
  const short = townBase(town.name);
  return [
    wish(rng, town.kind === 'subdistrict' ? `${town.name}办事处` : town.kind === 'zone' ? `${town.name}管理委员会` : `${town.name}人民政府`, 'government'),
    wish(rng, urban ? `${town.name}社区卫生服务中心` : `${town.name}卫生院`, 'hospital'),
    wish(rng, `${short}农贸市场`, 'market'),
    wish(rng, `${short}中学`, 'school'),
    wish(rng, urban ? `${short}实验小学` : `${town.name}中心小学`, 'school'),
  ];
}

const INDUSTRIES = ['建材', '机械', '食品', '纺织', '化工', '煤业', '物流', '新材料', '包装', '木业', '电子', '农业科技', '制药', '陶瓷'];
const SCENIC = ['生态园', '湿地公园', '森林公园', '采摘园', '文化广场'];

/** A place named after one community; the kind is drawn at random, clinics only in urban communities. */
export function communityPlace(rng: Rng, community: Named, companyPrefix: string): PlaceWish {
  const base = communityBase(community.name);
  const urban = community.kind === 'residents';
  const pick = rng();
  if (pick < 0.42) return wish(rng, `${base}小学`, 'school');
  if (pick < 0.47) return wish(rng, `${base}幼儿园`, 'school', 0.6);
  if (pick < 0.7) return wish(rng, `${companyPrefix}${base}${INDUSTRIES[Math.floor(rng() * INDUSTRIES.length)]}有限公司`, 'enterprise');
  if (pick < 0.8) return wish(rng, urban ? `${base}农贸市场` : `${base}集贸市场`, 'market');
  if (pick < 0.87) return urban ? wish(rng, `${base}社区卫生服务站`, 'hospital', 0.7) : wish(rng, `${base}卫生室`, 'hospital', 0.5);
  if (pick < 0.94) return wish(rng, `${base}${SCENIC[Math.floor(rng() * SCENIC.length)]}`, 'scenicArea', 0.7);
  if (pick < 0.97) return wish(rng, `${base}工业园`, 'industrialPark', 0.6);
  return wish(rng, urban ? `${base}社区党群服务中心` : `${base}党群服务中心`, 'government', 0.7);
}

// Demo data: the organisations named in the seed document, fictional people, fixed log-ins.
export const DEMO_PASSWORD = 'council-demo-2026';

export const DEMO_ORGANIZATIONS = {
  cleanTech: {
    name: 'Санкт-Петербургский кластер чистых технологий для городской среды',
    shortName: 'Кластер чистых технологий',
  },
  composite: {
    name: 'ООО «Управляющая компания «Композитный кластер Санкт-Петербурга»',
    shortName: 'Композитный кластер',
  },
  medical: {
    name: 'Союз «НП «Кластер медицинского, экологического приборостроения и биотехнологий»',
    shortName: 'Кластер медприборостроения',
  },
  operator: {
    name: 'Центр кластерного развития АО «Технопарк Санкт-Петербурга»',
    shortName: 'ЦКР Технопарка',
  },
} as const;

export type DemoOrganizationKey = keyof typeof DEMO_ORGANIZATIONS;

export interface DemoMember {
  email: string;
  fullName: string;
  organization: DemoOrganizationKey;
  isAdmin?: boolean;
  description: string;
  // True of the data as loaded, and printed only at that start (it may no longer hold later).
  whenLoaded?: string;
}

export const DEMO_MEMBERS: DemoMember[] = [
  {
    email: 'admin@council.example',
    fullName: 'Белова Анна Сергеевна',
    organization: 'operator',
    isAdmin: true,
    description: 'operator staff (ADMIN)',
  },
  {
    email: 'chair@council.example',
    fullName: 'Лебедев Николай Андреевич',
    organization: 'cleanTech',
    description: 'chair of the current term',
  },
  {
    email: 'cochair.regional@council.example',
    fullName: 'Соколов Вадим Петрович',
    organization: 'composite',
    description: 'co-chair, regional authorities',
  },
  {
    email: 'cochair.federal@council.example',
    fullName: 'Кузнецова Марина Олеговна',
    organization: 'medical',
    description: 'co-chair, federal authorities',
  },
  {
    email: 'secretary@council.example',
    fullName: 'Смирнова Елена Викторовна',
    organization: 'operator',
    description: 'executive secretary',
  },
  {
    email: 'member1@council.example',
    fullName: 'Орлов Игорь Дмитриевич',
    organization: 'cleanTech',
    description: 'member',
  },
  {
    email: 'member2@council.example',
    fullName: 'Морозова Ольга Николаевна',
    organization: 'composite',
    description: 'member',
  },
  {
    email: 'member3@council.example',
    fullName: 'Волков Сергей Александрович',
    organization: 'medical',
    description: 'member',
  },
  {
    email: 'member4@council.example',
    fullName: 'Павлова Татьяна Юрьевна',
    organization: 'cleanTech',
    description: 'member',
  },
  {
    email: 'member5@council.example',
    fullName: 'Егоров Алексей Викторович',
    organization: 'composite',
    description: 'member',
  },
  {
    email: 'member6@council.example',
    fullName: 'Фёдорова Наталья Игоревна',
    organization: 'medical',
    description: 'member',
  },
  {
    email: 'member7@council.example',
    fullName: 'Никитин Павел Сергеевич',
    organization: 'operator',
    description: 'member',
  },
  {
    email: 'member8@council.example',
    fullName: 'Захарова Ирина Михайловна',
    organization: 'composite',
    description: 'member',
    whenLoaded: 'has not voted yet in the open election (only member2 and member4 to member7 have)',
  },
];
